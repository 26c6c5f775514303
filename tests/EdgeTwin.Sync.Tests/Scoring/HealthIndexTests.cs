using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Sync.Tests.Scoring;

public sealed class HealthIndexTests
{
    private static readonly AlertPolicy Warning = new(3, 2, TimeSpan.Zero, TimeSpan.Zero, AlertSeverity.Warning);
    private static readonly AlertPolicy Critical = Warning with { Severity = AlertSeverity.Critical };

    [Fact]
    public void A_quiet_machine_is_fully_healthy()
    {
        Assert.Equal(100, HealthIndex.Compute([new ScoreState(true, 1, Warning, false)], [double.NaN, 500], horizonMinutes: 60));
    }

    [Fact]
    public void Each_visible_cause_costs_its_documented_penalty()
    {
        Assert.Equal(70, HealthIndex.Compute([new ScoreState(true, 5, Warning, true)], [], 60));
        Assert.Equal(50, HealthIndex.Compute([new ScoreState(true, 5, Critical, true)], [], 60));
        Assert.Equal(92.5, HealthIndex.Compute([new ScoreState(true, 2.5, Warning, false)], [], 60), 9);
        Assert.Equal(90, HealthIndex.Compute([new ScoreState(false, double.NaN, Warning, false)], [], 60));
        Assert.Equal(80, HealthIndex.Compute([], [30], 60), 9);
        Assert.Equal(50, HealthIndex.Compute([], [0], 60));
    }

    [Fact]
    public void Health_never_leaves_0_to_100()
    {
        var all = Enumerable.Repeat(new ScoreState(true, 9, Critical, true), 5).ToArray();
        Assert.Equal(0, HealthIndex.Compute(all, [0, 0], 60));
    }
}
