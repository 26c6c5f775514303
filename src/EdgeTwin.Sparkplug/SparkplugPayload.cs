namespace EdgeTwin.Sparkplug;

/// <summary>A decoded payload: the fields this library understands; datasets, templates, properties and extensions are skipped.</summary>
public sealed record SparkplugPayload(ulong? TimestampMs, ulong? Seq, IReadOnlyList<SparkplugReceivedMetric> Metrics);

/// <summary>A decoded metric. <see cref="Value"/> is double, ulong, bool or string by data type, null when absent or is_null.</summary>
public sealed record SparkplugReceivedMetric(
    string? Name,
    ulong? Alias,
    ulong? TimestampMs,
    SparkplugDataType DataType,
    bool IsHistorical,
    bool IsNull,
    object? Value);
