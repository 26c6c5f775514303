using System.Buffers;
using System.Text.Json;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Uplink;

/// <summary>The data message format of docs/uplink.md, checked by parsing it back.</summary>
public sealed class UplinkPayloadTests
{
    [Fact]
    public void Payload_parses_back_to_the_same_sequences_times_values_and_qualities()
    {
        using var payload = new UplinkPayload();
        Prop.ForAll(
            ArbMap.Default.ArbFor<(long, double, uint)[]>().Filter(a => a.Length > 0),
            ArbMap.Default.ArbFor<bool>(),
            (values, historical) =>
            {
                var samples = values.Select((v, i) => new StoredSample(1000 + i, v.Item1, v.Item2, new Quality(v.Item3))).ToArray();
                var (buffer, length) = payload.Write("press-7", "axis1/motor/temperature", samples, historical);
                try
                {
                    using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
                    var root = json.RootElement;
                    Assert.Equal("press-7", root.GetProperty("gateway").GetString());
                    Assert.Equal("axis1/motor/temperature", root.GetProperty("channel").GetString());
                    Assert.Equal(1000, root.GetProperty("seq_first").GetInt64());
                    Assert.Equal(1000 + samples.Length - 1, root.GetProperty("seq_last").GetInt64());
                    Assert.Equal(historical, root.GetProperty("historical").GetBoolean());
                    var rows = root.GetProperty("samples").EnumerateArray().ToList();
                    Assert.Equal(samples.Length, rows.Count);
                    for (var i = 0; i < rows.Count; i++)
                    {
                        Assert.Equal(samples[i].TimestampNs, rows[i][0].GetInt64());
                        if (double.IsFinite(samples[i].Value))
                        {
                            Assert.Equal(samples[i].Value, rows[i][1].GetDouble());
                        }
                        else
                        {
                            Assert.Equal(JsonValueKind.Null, rows[i][1].ValueKind);
                        }

                        Assert.Equal(samples[i].Quality.Code, rows[i][2].GetUInt32());
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UplinkOptions { Gateway = "g", MaxSamplesPerMessage = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new UplinkOptions { Gateway = "g", ReplaySamplesPerSecond = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new UplinkOptions { Gateway = " " }.Validate());
        new UplinkOptions { Gateway = "g" }.Validate();
    }
}
