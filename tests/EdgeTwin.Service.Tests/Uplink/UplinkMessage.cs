using System.Text.Json;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>A JSON data message of docs/uplink.md as a subscriber saw it, with the order it arrived in.</summary>
internal sealed record UplinkMessage(int Arrival, string Topic, string Channel, long SequenceFirst, bool Historical, long[] Times, double?[] Values)
{
    public static UplinkMessage Parse(int arrival, string topic, ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        using var json = JsonDocument.ParseValue(ref reader);
        var root = json.RootElement;
        var samples = root.GetProperty("samples");
        var times = new long[samples.GetArrayLength()];
        var values = new double?[times.Length];
        var i = 0;
        foreach (var sample in samples.EnumerateArray())
        {
            times[i] = sample[0].GetInt64();
            values[i++] = sample[1].ValueKind == JsonValueKind.Null ? null : sample[1].GetDouble();
        }

        return new UplinkMessage(arrival, topic, root.GetProperty("channel").GetString()!, root.GetProperty("seq_first").GetInt64(),
            root.GetProperty("historical").GetBoolean(), times, values);
    }
}
