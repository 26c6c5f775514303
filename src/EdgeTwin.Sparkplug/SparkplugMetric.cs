namespace EdgeTwin.Sparkplug;

/// <summary>
/// One metric to write (Sparkplug B 3.0 §6.4.6). In births it carries <see cref="Name"/> and <see cref="Alias"/>;
/// in data messages only the alias (§6.4.6.1: a metric with an alias sent in the birth is addressed by it alone).
/// A value type so a data message's metrics live in a reused array without allocating.
/// </summary>
public readonly record struct SparkplugMetric
{
    public string? Name { get; init; }

    public ulong? Alias { get; init; }

    /// <summary>Milliseconds since the Unix epoch (UTC); 0 leaves the field out.</summary>
    public ulong TimestampMs { get; init; }

    public SparkplugDataType DataType { get; init; }

    public bool IsHistorical { get; init; }

    public bool IsNull { get; init; }

    /// <summary>Value of Float/Double metrics.</summary>
    public double DoubleValue { get; init; }

    /// <summary>Value of integer and DateTime metrics (unsigned wire form, §6.4.6.5).</summary>
    public ulong LongValue { get; init; }

    public bool BooleanValue { get; init; }

    public string? StringValue { get; init; }

    public static SparkplugMetric OfDouble(string? name, ulong? alias, ulong timestampMs, double value, bool historical = false) =>
        new() { Name = name, Alias = alias, TimestampMs = timestampMs, DataType = SparkplugDataType.Double, DoubleValue = value, IsHistorical = historical };

    public static SparkplugMetric OfUInt64(string? name, ulong? alias, ulong timestampMs, ulong value) =>
        new() { Name = name, Alias = alias, TimestampMs = timestampMs, DataType = SparkplugDataType.UInt64, LongValue = value };

    public static SparkplugMetric OfBoolean(string? name, ulong? alias, ulong timestampMs, bool value) =>
        new() { Name = name, Alias = alias, TimestampMs = timestampMs, DataType = SparkplugDataType.Boolean, BooleanValue = value };

    public static SparkplugMetric OfString(string? name, ulong? alias, ulong timestampMs, string value) =>
        new() { Name = name, Alias = alias, TimestampMs = timestampMs, DataType = SparkplugDataType.String, StringValue = value };
}
