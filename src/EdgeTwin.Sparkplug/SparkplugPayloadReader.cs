using System.Text;
using EdgeTwin.Protobuf;

namespace EdgeTwin.Sparkplug;

/// <summary>
/// Decodes a Sparkplug B payload (Sparkplug B 3.0 §6.4). Unknown fields are skipped as protobuf requires; malformed
/// input or input beyond <see cref="SparkplugDecodeLimits"/> throws <see cref="SparkplugDecodeException"/>.
/// </summary>
public static class SparkplugPayloadReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SparkplugPayload Read(ReadOnlySpan<byte> payload, SparkplugDecodeLimits? limits = null)
    {
        limits ??= SparkplugDecodeLimits.Default;
        if (payload.Length > limits.MaxPayloadBytes)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.TooLarge, $"payload of {payload.Length} bytes exceeds {limits.MaxPayloadBytes}");
        }

        ulong? timestamp = null;
        ulong? seq = null;
        var metrics = new List<SparkplugReceivedMetric>();
        var reader = new SparkplugFieldReader(payload);
        while (!reader.End)
        {
            var (field, type) = reader.Tag();
            switch (field)
            {
                case 1:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    timestamp = reader.Varint();
                    break;
                case 2:
                    SparkplugFieldReader.Expect(field, type, WireType.LengthDelimited);
                    if (metrics.Count >= limits.MaxMetrics)
                    {
                        throw new SparkplugDecodeException(SparkplugDecodeError.TooManyMetrics, $"more than {limits.MaxMetrics} metrics");
                    }

                    metrics.Add(ReadMetric(reader.LengthDelimited(), limits));
                    break;
                case 3:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    seq = reader.Varint();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new SparkplugPayload(timestamp, seq, metrics);
    }

    private static SparkplugReceivedMetric ReadMetric(ReadOnlySpan<byte> bytes, SparkplugDecodeLimits limits)
    {
        string? name = null;
        ulong? alias = null;
        ulong? timestamp = null;
        var dataType = SparkplugDataType.Unknown;
        var historical = false;
        var isNull = false;
        object? value = null;
        var reader = new SparkplugFieldReader(bytes);
        while (!reader.End)
        {
            var (field, type) = reader.Tag();
            switch (field)
            {
                case 1:
                    SparkplugFieldReader.Expect(field, type, WireType.LengthDelimited);
                    name = Utf8(reader.LengthDelimited(), limits, "metric name");
                    break;
                case 2:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    alias = reader.Varint();
                    break;
                case 3:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    timestamp = reader.Varint();
                    break;
                case 4:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    dataType = (SparkplugDataType)(uint)reader.Varint();
                    break;
                case 5:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    historical = reader.Varint() != 0;
                    break;
                case 7:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    isNull = reader.Varint() != 0;
                    break;
                case 10:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    value = (ulong)(uint)reader.Varint();
                    break;
                case 11:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    value = reader.Varint();
                    break;
                case 12:
                    SparkplugFieldReader.Expect(field, type, WireType.Fixed32);
                    value = (double)reader.Fixed32Float();
                    break;
                case 13:
                    SparkplugFieldReader.Expect(field, type, WireType.Fixed64);
                    value = reader.Fixed64Double();
                    break;
                case 14:
                    SparkplugFieldReader.Expect(field, type, WireType.Varint);
                    value = reader.Varint() != 0;
                    break;
                case 15:
                    SparkplugFieldReader.Expect(field, type, WireType.LengthDelimited);
                    value = Utf8(reader.LengthDelimited(), limits, "string value");
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new SparkplugReceivedMetric(name, alias, timestamp, dataType, historical, isNull, isNull ? null : value);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, SparkplugDecodeLimits limits, string what)
    {
        if (bytes.Length > limits.MaxStringBytes)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.StringTooLong, $"{what} of {bytes.Length} bytes exceeds {limits.MaxStringBytes}");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidUtf8, $"{what} is not valid UTF-8");
        }
    }
}
