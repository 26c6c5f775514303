using System.Text.RegularExpressions;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Configuration;

public enum ScoringEngine
{
    /// <summary>EdgeTwin.Onnx's managed evaluator: no native dependency.</summary>
    Managed,

    /// <summary>ONNX Runtime through its C API, loaded from <see cref="ScoreSettings.OrtLibrary"/>.</summary>
    Ort,
}

/// <summary>Local anomaly scoring (docs/scoring.md).</summary>
/// <param name="HealthHorizon">A limit closer than this (time to limit) lowers health in proportion.</param>
public sealed record ScoringSettings(bool Enabled, IReadOnlyList<ScoreSettings> Scores, IReadOnlyList<TimeToLimitSettings> TimeToLimits, TimeSpan HealthHorizon)
{
    public static ScoringSettings Disabled { get; } = new(false, [], [], TimeSpan.FromHours(1));

    /// <summary>Scoring publishes channels (scores, alerts, health) only when enabled with something to compute.</summary>
    public bool Active => Enabled && (Scores.Count > 0 || TimeToLimits.Count > 0);
}

/// <summary>One model's score over feature windows, and its alert.</summary>
/// <param name="Model">The .onnx file as configured; relative paths are resolved against the configuration file's folder.</param>
public sealed record ScoreSettings(
    string Name,
    string Model,
    ScoringEngine Engine,
    string? OrtLibrary,
    TimeSpan Window,
    TimeSpan Hop,
    IReadOnlyList<FeatureSettings> Features,
    AlertPolicy Alert);

/// <summary>A statistic of a twin channel over the window, normalized with the training mean and spread.</summary>
public sealed record FeatureSettings(string Channel, FeatureStatistic Statistic, double Mean, double StdDev);

/// <summary>Minutes until <see cref="Channel"/> reaches <see cref="Limit"/> at its robust trend over <see cref="Window"/>.</summary>
public sealed record TimeToLimitSettings(string Name, string Channel, double Limit, TimeSpan Window);

/// <summary>Reads the <c>Scoring</c> section. Every feature and trend channel must be a twin channel the configuration defines.</summary>
internal static partial class ScoringSection
{
    public const int MaxScores = 32;
    public const int MaxFeatures = 256;

    private static readonly string[] Statistics = Enum.GetNames<FeatureStatistic>();
    private static readonly string[] Severities = Enum.GetNames<AlertSeverity>();
    private static readonly string[] Engines = ["managed", "ort"];

    /// <param name="twinPaths">The twin channels that features may use; null when earlier sections already have
    /// errors, so a misspelt device is reported once, not again by every score that reads its channels.</param>
    public static ScoringSettings Read(ConfigNode? node, IReadOnlyCollection<string>? twinPaths)
    {
        if (node is null)
        {
            return ScoringSettings.Disabled;
        }

        var enabled = node.Bool("Enabled", true);
        var horizon = node.Double("HealthHorizonMinutes", 60, 1, 100_000);
        var scores = new List<ScoreSettings>();
        foreach (var (name, s) in node.Child("Scores")?.Named() ?? [])
        {
            if (!NamePattern().IsMatch(name))
            {
                s.Error("", $"score name must be 1–64 letters, digits, '-' or '_', got '{name}'");
            }

            if (scores.Count == MaxScores)
            {
                s.Error("", $"at most {MaxScores} scores");
                break;
            }

            if (ReadScore(name, s, twinPaths) is { } score)
            {
                scores.Add(score);
            }
        }

        var limits = new List<TimeToLimitSettings>();
        foreach (var (name, t) in node.Child("TimeToLimit")?.Named() ?? [])
        {
            if (!NamePattern().IsMatch(name))
            {
                t.Error("", $"name must be 1–64 letters, digits, '-' or '_', got '{name}'");
            }

            var channel = Channel(t, "Channel", twinPaths);
            var limit = t.Double("Limit", double.NaN, -1e12, 1e12, required: true);
            var window = t.Double("WindowSeconds", 300, 10, 7 * 86_400);
            t.RejectUnknownKeys();
            if (channel is not null && double.IsFinite(limit))
            {
                limits.Add(new TimeToLimitSettings(name, channel, limit, TimeSpan.FromSeconds(window)));
            }
        }

        node.RejectUnknownKeys();
        return new ScoringSettings(enabled, scores, limits, TimeSpan.FromMinutes(horizon));
    }

    private static ScoreSettings? ReadScore(string name, ConfigNode s, IReadOnlyCollection<string>? twinPaths)
    {
        var model = s.String("Model", required: true);
        var engine = s.OneOf("Engine", Engines, fallback: "managed") == "ort" ? ScoringEngine.Ort : ScoringEngine.Managed;
        var ortLibrary = s.String("OrtLibrary");
        if (engine == ScoringEngine.Ort && ortLibrary is null)
        {
            s.Error("OrtLibrary", "is required with Engine 'ort' (path of libonnxruntime.so)");
        }

        var window = s.Double("WindowSeconds", 2, 0.02, 3600);
        var hop = s.Double("HopSeconds", 1, 0.01, 3600);
        if (hop > window)
        {
            s.Error("HopSeconds", $"must not exceed WindowSeconds ({window})");
        }

        var features = new List<FeatureSettings>();
        var items = s.Array("Features");
        if (items.Count == 0)
        {
            s.Error("Features", "must list at least one feature");
        }
        else if (items.Count > MaxFeatures)
        {
            s.Error("Features", $"at most {MaxFeatures} features, got {items.Count}");
        }

        foreach (var f in items.Take(MaxFeatures))
        {
            var channel = Channel(f, "Channel", twinPaths);
            var statistic = Enum.Parse<FeatureStatistic>(f.OneOf("Statistic", Statistics, fallback: nameof(FeatureStatistic.Mean))!, ignoreCase: true);
            var mean = f.Double("Mean", 0, -1e12, 1e12);
            var std = f.Double("StdDev", 1, 1e-12, 1e12);
            f.RejectUnknownKeys();
            if (channel is not null)
            {
                features.Add(new FeatureSettings(channel, statistic, mean, std));
            }
        }

        var alert = ReadAlert(s.Child("Alert", required: true));
        s.RejectUnknownKeys();
        return model is null || alert is null || features.Count != items.Count
            ? null
            : new ScoreSettings(name, model, engine, ortLibrary, TimeSpan.FromSeconds(window), TimeSpan.FromSeconds(hop), features, alert);
    }

    private static AlertPolicy? ReadAlert(ConfigNode? a)
    {
        if (a is null)
        {
            return null;
        }

        var raise = a.Double("Raise", double.NaN, -1e12, 1e12, required: true);
        var clear = a.Double("Clear", raise, -1e12, 1e12);
        var raiseAfter = a.Double("RaiseAfterSeconds", 5, 0, 86_400);
        var clearAfter = a.Double("ClearAfterSeconds", 30, 0, 86_400);
        var severity = Enum.Parse<AlertSeverity>(a.OneOf("Severity", Severities, fallback: nameof(AlertSeverity.Warning))!, ignoreCase: true);
        a.RejectUnknownKeys();
        if (!double.IsFinite(raise))
        {
            return null;
        }

        if (clear > raise)
        {
            a.Error("Clear", $"must not be above Raise ({raise}): the gap between them is the hysteresis");
            return null;
        }

        return new AlertPolicy(raise, clear, TimeSpan.FromSeconds(raiseAfter), TimeSpan.FromSeconds(clearAfter), severity);
    }

    private static string? Channel(ConfigNode node, string key, IReadOnlyCollection<string>? twinPaths)
    {
        var channel = node.String(key, required: true);
        if (channel is not null && twinPaths is not null && !twinPaths.Contains(channel))
        {
            node.Error(key, $"'{channel}' is not a twin channel of this configuration (a device, derived or actuator path)");
            return null;
        }

        return channel;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
