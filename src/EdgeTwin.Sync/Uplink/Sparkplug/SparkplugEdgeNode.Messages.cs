using System.Buffers;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

internal sealed partial class SparkplugEdgeNode
{
    /// <summary>One DDATA per message, addressed to the channel's device, metrics by alias only (§6.4.6.1), each with its sample's timestamp.</summary>
    public (byte[] Buffer, int Length) WriteData(int channel, ReadOnlySpan<StoredSample> samples, bool historical)
    {
        var alias = SparkplugUplink.Alias(channel);
        for (var i = 0; i < samples.Length; i++)
        {
            _metrics[i] = SparkplugMetric.OfDouble(null, alias, Milliseconds(samples[i].TimestampNs), samples[i].Value, historical);
        }

        var metrics = _metrics.AsSpan(0, samples.Length);
        var now = NowMs();
        var seq = NextSeq();
        var buffer = ArrayPool<byte>.Shared.Rent(SparkplugPayloadWriter.Size(now, seq, metrics));
        var length = SparkplugPayloadWriter.Write(buffer, now, seq, metrics);
        return (buffer, length);
    }

    /// <summary>NDEATH (§6.4.19): the bdSeq metric only, no seq. Registered as the will, and published on a clean shutdown.</summary>
    private MqttWill Death(byte bdSeq)
    {
        SparkplugMetric[] metrics = [SparkplugMetric.OfUInt64(SparkplugUplink.BdSeqMetric, null, 0, bdSeq)];
        var now = NowMs();
        var buffer = new byte[SparkplugPayloadWriter.Size(now, null, metrics)];
        SparkplugPayloadWriter.Write(buffer, now, null, metrics);
        return new MqttWill { Topic = Topic(SparkplugMessageType.NDEATH, null), Payload = buffer, QoS = MqttQualityOfService.AtLeastOnce };
    }

    /// <summary>
    /// NBIRTH with seq 0, the bdSeq of this session and the node control metrics, then one DBIRTH per device with
    /// every metric's name, alias, data type and last stored value (§6.4.18, §6.4.20).
    /// </summary>
    private void PublishBirths(MqttClient client, UntrackedPublishes untracked)
    {
        var now = NowMs();
        _seq = 0;
        Publish(client, untracked, Topic(SparkplugMessageType.NBIRTH, null), now,
        [
            SparkplugMetric.OfUInt64(SparkplugUplink.BdSeqMetric, null, now, _bdSeq),
            SparkplugMetric.OfBoolean(SparkplugUplink.RebirthMetric, null, now, false),
        ]);
        Span<StoredSample> last = stackalloc StoredSample[1];
        for (var d = 0; d < _devices.Length; d++)
        {
            var metrics = new SparkplugMetric[_deviceChannels[d].Length];
            for (var i = 0; i < metrics.Length; i++)
            {
                var c = _deviceChannels[d][i];
                var head = _store.CommittedSequence(c);
                var known = head > 0 && _store.ReadAfter(c, head - 1, last) == 1;
                metrics[i] = new SparkplugMetric
                {
                    Name = _store.ChannelPaths[c],
                    Alias = SparkplugUplink.Alias(c),
                    TimestampMs = known ? Milliseconds(last[0].TimestampNs) : now,
                    DataType = SparkplugDataType.Double,
                    IsNull = !known,
                    DoubleValue = known ? last[0].Value : 0,
                };
            }

            Publish(client, untracked, Topic(SparkplugMessageType.DBIRTH, _devices[d]), now, metrics);
        }

        Interlocked.Increment(ref _births);
        _logger.LogInformation("Sparkplug births published: NBIRTH bdSeq {BdSeq} and {Devices} DBIRTH", _bdSeq, _devices.Length);
    }

    private void Publish(MqttClient client, UntrackedPublishes untracked, string topic, ulong now, ReadOnlySpan<SparkplugMetric> metrics)
    {
        var seq = NextSeq();
        var buffer = ArrayPool<byte>.Shared.Rent(SparkplugPayloadWriter.Size(now, seq, metrics));
        var length = SparkplugPayloadWriter.Write(buffer, now, seq, metrics);
        untracked.Publish(client, topic, buffer, length);
    }

    /// <summary>§6.4.19: seq counts 0–255 over NBIRTH, DBIRTH and DDATA of a session and wraps.</summary>
    private ulong NextSeq() => (ulong)(_seq++ & 0xFF);

    private ulong NowMs() => Milliseconds(_clock.UtcNowNs);

    private static ulong Milliseconds(long ns) => ns <= 0 ? 0 : (ulong)(ns / 1_000_000);
}
