namespace EdgeTwin.Sync.Scoring;

/// <summary>The state of one score as the health index sees it.</summary>
/// <param name="Available">False when the score's model could not be loaded: the machine is then unwatched there.</param>
public readonly record struct ScoreState(bool Available, double Score, AlertPolicy Policy, bool AlertActive);

/// <summary>
/// Health 0–100: 100 minus penalties a plant engineer can read off (docs/scoring.md, "Health"). Every penalty is
/// tied to something visible in the twin — an active alert, a score rising toward its alert level, a signal
/// trending to its limit, a score that is not being computed — so a health figure can always be explained.
/// </summary>
public static class HealthIndex
{
    public const double UnavailablePenalty = 10;
    public const double ElevatedPenalty = 15;
    public const double LimitReachedPenalty = 50;
    public const double ApproachingLimitPenalty = 40;

    public static double AlertPenalty(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => 10,
        AlertSeverity.Warning => 30,
        _ => 50,
    };

    /// <param name="minutesToLimit">One per time-to-limit estimate; NaN means not approaching (no penalty).</param>
    /// <param name="horizonMinutes">Closer than this, an approaching limit costs health in proportion.</param>
    public static double Compute(ReadOnlySpan<ScoreState> scores, ReadOnlySpan<double> minutesToLimit, double horizonMinutes)
    {
        double penalty = 0;
        foreach (ref readonly var s in scores)
        {
            if (!s.Available)
            {
                penalty += UnavailablePenalty;
            }
            else if (s.AlertActive)
            {
                penalty += AlertPenalty(s.Policy.Severity);
            }
            else if (double.IsFinite(s.Score) && s.Policy.Raise > s.Policy.Clear)
            {
                // Early warning: the score between its clear and raise levels (an anomaly growing, not yet an alert).
                penalty += ElevatedPenalty * Math.Clamp((s.Score - s.Policy.Clear) / (s.Policy.Raise - s.Policy.Clear), 0, 1);
            }
        }

        foreach (var minutes in minutesToLimit)
        {
            if (minutes <= 0)
            {
                penalty += LimitReachedPenalty;
            }
            else if (minutes < horizonMinutes)
            {
                penalty += ApproachingLimitPenalty * (1 - (minutes / horizonMinutes));
            }
        }

        return Math.Clamp(100 - penalty, 0, 100);
    }
}
