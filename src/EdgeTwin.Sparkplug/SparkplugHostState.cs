using System.Text.Json;

namespace EdgeTwin.Sparkplug;

/// <summary>
/// The payload of <c>spBv1.0/STATE/&lt;host_id&gt;</c>, Sparkplug B 3.0 §6.4.21/§5.8: UTF-8 JSON
/// <c>{"online":true|false,"timestamp":&lt;ms since epoch&gt;}</c>, published retained by the primary host application.
/// </summary>
public readonly record struct SparkplugHostState(bool Online, ulong TimestampMs)
{
    private const int MaxBytes = 4096;

    public static SparkplugHostState Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBytes)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.TooLarge, $"STATE payload of {payload.Length} bytes exceeds {MaxBytes}");
        }

        bool? online = null;
        ulong? timestamp = null;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new SparkplugDecodeException(SparkplugDecodeError.InvalidState, "STATE payload is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("online"u8))
                {
                    reader.Read();
                    online = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new SparkplugDecodeException(SparkplugDecodeError.InvalidState, "STATE \"online\" is not a boolean"),
                    };
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var t))
                    {
                        throw new SparkplugDecodeException(SparkplugDecodeError.InvalidState, "STATE \"timestamp\" is not an unsigned integer");
                    }

                    timestamp = t;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidState, $"STATE payload is not valid JSON: {ex.Message}");
        }

        if (online is null || timestamp is null)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidState, "STATE payload needs \"online\" and \"timestamp\"");
        }

        return new SparkplugHostState(online.Value, timestamp.Value);
    }

    public byte[] ToJson() => System.Text.Encoding.UTF8.GetBytes($"{{\"online\":{(Online ? "true" : "false")},\"timestamp\":{TimestampMs}}}");
}
