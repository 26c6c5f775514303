using EdgeTwin.Sync.Scoring;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Scoring;

public sealed class AlertStateMachineTests
{
    private const long S = 1_000_000_000;

    private static AlertStateMachine Machine(double raiseAfter = 5, double clearAfter = 10) =>
        new(new AlertPolicy(Raise: 3, Clear: 2, TimeSpan.FromSeconds(raiseAfter), TimeSpan.FromSeconds(clearAfter), AlertSeverity.Warning));

    [Fact]
    public void Raises_only_after_the_score_held_the_raise_level_for_the_delay()
    {
        var alert = Machine();
        for (var t = 0; t < 5; t++)
        {
            Assert.Equal(AlertTransition.None, alert.Update(t * S, 3.5));
        }

        Assert.Equal(AlertTransition.Raised, alert.Update(5 * S, 3.5));
        Assert.True(alert.Active);
        Assert.Equal(5 * S, alert.ChangedAtNs);
    }

    [Fact]
    public void A_dip_below_the_raise_level_restarts_the_delay()
    {
        var alert = Machine();
        alert.Update(0, 4);
        alert.Update(4 * S, 4);
        alert.Update(5 * S, 2.9);
        Assert.Equal(AlertTransition.None, alert.Update(6 * S, 4));
        Assert.Equal(AlertTransition.None, alert.Update(10 * S, 4));
        Assert.Equal(AlertTransition.Raised, alert.Update(11 * S, 4));
    }

    [Fact]
    public void Between_the_levels_an_active_alert_stays_active_hysteresis()
    {
        var alert = Machine(raiseAfter: 0, clearAfter: 0);
        Assert.Equal(AlertTransition.Raised, alert.Update(0, 3));
        for (var t = 1; t < 100; t++)
        {
            Assert.Equal(AlertTransition.None, alert.Update(t * S, 2.5));
        }

        Assert.Equal(AlertTransition.Cleared, alert.Update(100 * S, 2));
        Assert.False(alert.Active);
    }

    [Fact]
    public void Clears_only_after_the_clear_delay_and_NaN_changes_nothing()
    {
        var alert = Machine(raiseAfter: 0, clearAfter: 10);
        alert.Update(0, 5);
        Assert.Equal(AlertTransition.None, alert.Update(1 * S, 1));
        Assert.Equal(AlertTransition.None, alert.Update(5 * S, double.NaN));
        Assert.Equal(AlertTransition.None, alert.Update(10 * S, 1));
        Assert.Equal(AlertTransition.Cleared, alert.Update(11 * S, 1));
    }

    [Fact]
    public void Transitions_alternate_and_never_happen_between_the_levels()
    {
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 50)).ToArbitrary(), scores =>
        {
            var alert = Machine(raiseAfter: 2, clearAfter: 3);
            var last = AlertTransition.Cleared;
            for (var i = 0; i < scores.Length; i++)
            {
                var score = scores[i] / 10.0;
                var t = alert.Update(i * S, score);
                if (t == AlertTransition.None)
                {
                    continue;
                }

                if (t == last || (t == AlertTransition.Raised && score < 3) || (t == AlertTransition.Cleared && score > 2))
                {
                    return false;
                }

                last = t;
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_clear_level_above_the_raise_level_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new AlertStateMachine(new AlertPolicy(2, 3, TimeSpan.Zero, TimeSpan.Zero, AlertSeverity.Info)));
    }
}
