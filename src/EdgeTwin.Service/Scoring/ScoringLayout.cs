using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Scoring;

/// <summary>The twin channels scoring publishes, appended by <see cref="TwinLayout"/> in this fixed order.</summary>
public static class ScoringLayout
{
    public const string Owner = "scoring";
    public const string HealthPath = "gateway/health";

    public static string ScorePath(string name) => $"gateway/scores/{name}";

    public static string AlertPath(string name) => $"gateway/alerts/{name}";

    public static string TimeToLimitPath(string name) => $"gateway/time_to_limit/{name}";

    internal static void Append(GatewayConfig config, List<TwinChannel> channels)
    {
        var scoring = config.Scoring;
        if (!scoring.Active)
        {
            return;
        }

        // Published at each window's hop (or on change): never reported stale, the twin shows the last value.
        foreach (var score in scoring.Scores)
        {
            channels.Add(new TwinChannel(ScorePath(score.Name), "", Owner, score.Name, long.MaxValue, 0, ChannelKind.Health));
            channels.Add(new TwinChannel(AlertPath(score.Name), "bool", Owner, score.Name + "-alert", long.MaxValue, 0, ChannelKind.Health));
        }

        channels.Add(new TwinChannel(HealthPath, "%", Owner, "health", long.MaxValue, 0, ChannelKind.Health));
        foreach (var limit in scoring.TimeToLimits)
        {
            channels.Add(new TwinChannel(TimeToLimitPath(limit.Name), "min", Owner, limit.Name, long.MaxValue, 0, ChannelKind.Health));
        }
    }
}
