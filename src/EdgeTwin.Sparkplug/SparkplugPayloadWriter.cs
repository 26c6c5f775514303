using EdgeTwin.Protobuf;

namespace EdgeTwin.Sparkplug;

/// <summary>
/// Encodes a Sparkplug B payload (Sparkplug B 3.0 §6.4, the <c>org.eclipse.tahu.protobuf.Payload</c> message)
/// straight into a span: no intermediate objects, so a data message costs no allocation.
/// </summary>
public static class SparkplugPayloadWriter
{
    private const int PayloadTimestamp = 1;
    private const int PayloadMetrics = 2;
    private const int PayloadSeq = 3;

    private const int MetricName = 1;
    private const int MetricAlias = 2;
    private const int MetricTimestamp = 3;
    private const int MetricDataType = 4;
    private const int MetricIsHistorical = 5;
    private const int MetricIsNull = 7;
    private const int MetricIntValue = 10;
    private const int MetricLongValue = 11;
    private const int MetricFloatValue = 12;
    private const int MetricDoubleValue = 13;
    private const int MetricBooleanValue = 14;
    private const int MetricStringValue = 15;

    /// <summary>Bytes <see cref="Write"/> needs for this payload.</summary>
    /// <param name="seq">Null leaves <c>seq</c> out (NDEATH, §6.4.19: "seq" is not included).</param>
    public static int Size(ulong timestampMs, ulong? seq, ReadOnlySpan<SparkplugMetric> metrics)
    {
        var size = ProtoSize.VarintField(PayloadTimestamp, timestampMs);
        foreach (ref readonly var metric in metrics)
        {
            var length = MetricSize(metric);
            size += ProtoSize.Tag(PayloadMetrics) + ProtoSize.Varint((ulong)length) + length;
        }

        if (seq is { } s)
        {
            size += ProtoSize.VarintField(PayloadSeq, s);
        }

        return size;
    }

    /// <summary>Writes the payload and returns its length; <paramref name="destination"/> must hold <see cref="Size"/> bytes.</summary>
    public static int Write(Span<byte> destination, ulong timestampMs, ulong? seq, ReadOnlySpan<SparkplugMetric> metrics)
    {
        var size = Size(timestampMs, seq, metrics);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The payload needs {size} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        var writer = new ProtoWriter(destination);
        writer.VarintField(PayloadTimestamp, timestampMs);
        foreach (ref readonly var metric in metrics)
        {
            writer.Tag(PayloadMetrics, WireType.LengthDelimited);
            writer.Varint((ulong)MetricSize(metric));
            WriteMetric(ref writer, metric);
        }

        if (seq is { } s)
        {
            writer.VarintField(PayloadSeq, s);
        }

        return writer.Position;
    }

    private static int MetricSize(in SparkplugMetric m)
    {
        var size = 0;
        if (m.Name is not null)
        {
            size += ProtoSize.StringField(MetricName, m.Name);
        }

        if (m.Alias is { } alias)
        {
            size += ProtoSize.VarintField(MetricAlias, alias);
        }

        if (m.TimestampMs != 0)
        {
            size += ProtoSize.VarintField(MetricTimestamp, m.TimestampMs);
        }

        size += ProtoSize.VarintField(MetricDataType, (ulong)m.DataType);
        if (m.IsHistorical)
        {
            size += ProtoSize.VarintField(MetricIsHistorical, 1);
        }

        if (m.IsNull)
        {
            return size + ProtoSize.VarintField(MetricIsNull, 1);
        }

        return size + m.DataType switch
        {
            SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32 or SparkplugDataType.UInt8
                or SparkplugDataType.UInt16 or SparkplugDataType.UInt32 => ProtoSize.VarintField(MetricIntValue, (uint)m.LongValue),
            SparkplugDataType.Int64 or SparkplugDataType.UInt64 or SparkplugDataType.DateTime => ProtoSize.VarintField(MetricLongValue, m.LongValue),
            SparkplugDataType.Float => ProtoSize.Tag(MetricFloatValue) + 4,
            SparkplugDataType.Double => ProtoSize.Tag(MetricDoubleValue) + 8,
            SparkplugDataType.Boolean => ProtoSize.VarintField(MetricBooleanValue, 1),
            SparkplugDataType.String or SparkplugDataType.Text => ProtoSize.StringField(MetricStringValue, m.StringValue ?? ""),
            _ => throw new ArgumentException($"Metric data type {m.DataType} is not supported by this writer.", nameof(m)),
        };
    }

    private static void WriteMetric(ref ProtoWriter writer, in SparkplugMetric m)
    {
        if (m.Name is not null)
        {
            writer.StringField(MetricName, m.Name);
        }

        if (m.Alias is { } alias)
        {
            writer.VarintField(MetricAlias, alias);
        }

        if (m.TimestampMs != 0)
        {
            writer.VarintField(MetricTimestamp, m.TimestampMs);
        }

        writer.VarintField(MetricDataType, (ulong)m.DataType);
        if (m.IsHistorical)
        {
            writer.VarintField(MetricIsHistorical, 1);
        }

        if (m.IsNull)
        {
            writer.VarintField(MetricIsNull, 1);
            return;
        }

        switch (m.DataType)
        {
            case SparkplugDataType.Int8 or SparkplugDataType.Int16 or SparkplugDataType.Int32 or SparkplugDataType.UInt8
                or SparkplugDataType.UInt16 or SparkplugDataType.UInt32:
                writer.VarintField(MetricIntValue, (uint)m.LongValue);
                break;
            case SparkplugDataType.Int64 or SparkplugDataType.UInt64 or SparkplugDataType.DateTime:
                writer.VarintField(MetricLongValue, m.LongValue);
                break;
            case SparkplugDataType.Float:
                writer.FloatField(MetricFloatValue, (float)m.DoubleValue);
                break;
            case SparkplugDataType.Double:
                writer.DoubleField(MetricDoubleValue, m.DoubleValue);
                break;
            case SparkplugDataType.Boolean:
                writer.VarintField(MetricBooleanValue, m.BooleanValue ? 1UL : 0UL);
                break;
            default:
                writer.StringField(MetricStringValue, m.StringValue ?? "");
                break;
        }
    }
}
