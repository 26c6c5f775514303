namespace EdgeTwin.Sparkplug;

/// <summary>Bounds on what <see cref="SparkplugPayloadReader"/> accepts; every count and length from the input is checked against them.</summary>
public sealed record SparkplugDecodeLimits
{
    public static SparkplugDecodeLimits Default { get; } = new();

    public int MaxPayloadBytes { get; init; } = 1024 * 1024;

    public int MaxMetrics { get; init; } = 10_000;

    /// <summary>UTF-8 bytes of a metric name or string value.</summary>
    public int MaxStringBytes { get; init; } = 64 * 1024;
}
