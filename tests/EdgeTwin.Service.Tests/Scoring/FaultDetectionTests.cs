using EdgeTwin.Service.Scoring;
using Xunit.Abstractions;

namespace EdgeTwin.Service.Tests.Scoring;

/// <summary>
/// The default configuration and models (config/models, trained by scripts/models/train-default-models.sh) on the
/// simulated plant in simulated time: 10 minutes of normal running raise no alert, and each injected fault raises
/// its own alert within an asserted detection delay. Each scenario is its own class so xunit runs them in parallel.
/// </summary>
public sealed class NormalRunningTests(ITestOutputHelper log)
{
    [Fact]
    public void Ten_simulated_minutes_of_normal_running_raise_no_alert()
    {
        using var run = new SimulatedPlantRun();
        Assert.All(run.Runtime.Scorers, s => Assert.Null(s.Error));
        var maxScore = run.Runtime.Scorers.ToDictionary(s => s.Settings.Name, _ => 0.0);
        var minHealth = 100.0;
        var checkedAt = 0L;
        run.RunUntil(600, () =>
        {
            foreach (var s in run.Runtime.Scorers)
            {
                if (double.IsFinite(s.LastScore))
                {
                    maxScore[s.Settings.Name] = Math.Max(maxScore[s.Settings.Name], s.LastScore);
                }
            }

            // Health is computed once a simulated second; after warm-up (the thermal time constant is 2 min) a healthy machine is healthy.
            if (run.ElapsedSeconds > 120 && (long)run.ElapsedSeconds != checkedAt)
            {
                checkedAt = (long)run.ElapsedSeconds;
                minHealth = Math.Min(minHealth, run.Runtime.Scoring.Health);
            }

            return false;
        });

        log.WriteLine($"max scores: {string.Join(", ", maxScore.Select(p => $"{p.Key} {p.Value:F2}"))}; min health after warm-up {minHealth:F1}");
        Assert.Empty(run.Alerts);
        Assert.All(run.Runtime.Scorers, s => Assert.True(s.Windows >= 600 / s.Settings.Hop.TotalSeconds * 0.9, $"{s.Settings.Name}: only {s.Windows} windows scored"));
        Assert.All(run.Runtime.Scorers, s => Assert.True(maxScore[s.Settings.Name] < s.Settings.Alert.Raise));
        Assert.True(minHealth >= 85, $"health fell to {minHealth:F1} on a healthy machine");
    }
}

public sealed class BearingWearDetectionTests(ITestOutputHelper log)
{
    private const double OnsetSeconds = 60;
    private const double MaxDelaySeconds = 20;

    [Fact]
    public void Bearing_wear_raises_the_bearing_alert_within_20_seconds_and_nothing_else()
    {
        using var run = new SimulatedPlantRun(new Dictionary<string, string?>
        {
            ["Simulation:Faults:BearingWear"] = "0.5",
            ["Simulation:Faults:BearingWearOnsetSeconds"] = OnsetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        run.RunUntil(OnsetSeconds + MaxDelaySeconds + 10, () => run.Alerts.Count > 0);

        var (at, alert) = Assert.Single(run.Alerts);
        log.WriteLine($"{alert} at {at:F1} s (onset {OnsetSeconds} s)");
        Assert.Equal("bearing", alert.Score);
        Assert.True(alert.Raised);
        Assert.InRange(at, OnsetSeconds, OnsetSeconds + MaxDelaySeconds);
        Assert.Equal(Sync.Scoring.AlertSeverity.Warning, alert.Policy.Severity);
        Assert.True(run.Runtime.Scorers.Single(s => s.Settings.Name == "bearing").Alert.Active);
    }
}

public sealed class OverheatingDetectionTests(ITestOutputHelper log)
{
    private const double OnsetSeconds = 60;
    private const double MaxDelaySeconds = 120;

    [Fact]
    public void Overheating_raises_the_thermal_alert_within_two_minutes_with_a_time_to_limit_and_lower_health()
    {
        using var run = new SimulatedPlantRun(new Dictionary<string, string?>
        {
            ["Simulation:Faults:Overheating"] = "1",
            ["Simulation:Faults:OverheatingOnsetSeconds"] = OnsetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        run.RunUntil(OnsetSeconds + MaxDelaySeconds + 10, () => run.Alerts.Count > 0);

        var (at, alert) = Assert.Single(run.Alerts);
        var trend = run.Runtime.Scoring.Trends.Single(t => t.Name == "winding").Estimate;
        log.WriteLine($"{alert} at {at:F1} s (onset {OnsetSeconds} s); winding time to limit {trend.Minutes:F1} min at {trend.SlopePerMinute:F2} °C/min");
        Assert.Equal("thermal", alert.Score);
        Assert.Equal(Sync.Scoring.AlertSeverity.Critical, alert.Policy.Severity);
        Assert.InRange(at, OnsetSeconds, OnsetSeconds + MaxDelaySeconds);

        // The alert's own penalty shows in health within the next summary second.
        run.RunUntil(run.ElapsedSeconds + 1.5);
        Assert.True(run.Runtime.Scoring.Health <= 100 - Sync.Scoring.HealthIndex.AlertPenalty(Sync.Scoring.AlertSeverity.Critical),
            $"health {run.Runtime.Scoring.Health} with a critical alert active");
        Assert.True(trend.SlopePerMinute > 0, "the winding temperature is rising");
    }
}
