using System.Buffers;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

public sealed partial class SparkplugUplink
{
    /// <summary>NDEATH (§6.4.19): the bdSeq metric only, no seq. Registered as the will, and published on a clean shutdown.</summary>
    private MqttWill Death(byte bdSeq)
    {
        SparkplugMetric[] metrics = [SparkplugMetric.OfUInt64(BdSeqMetric, null, 0, bdSeq)];
        var now = NowMs();
        var buffer = new byte[SparkplugPayloadWriter.Size(now, null, metrics)];
        SparkplugPayloadWriter.Write(buffer, now, null, metrics);
        return new MqttWill { Topic = Topic(SparkplugMessageType.NDEATH, null), Payload = buffer, QoS = MqttQualityOfService.AtLeastOnce };
    }

    /// <summary>
    /// NBIRTH with seq 0, the bdSeq of this session and the node control metrics, then one DBIRTH per device with
    /// every metric's name, alias, data type and last stored value (§6.4.18, §6.4.20). Also on rebirth requests.
    /// </summary>
    private void PublishBirths(MqttClient client)
    {
        var now = NowMs();
        _seq = 0;
        Publish(client, Topic(SparkplugMessageType.NBIRTH, null), now,
        [
            SparkplugMetric.OfUInt64(BdSeqMetric, null, now, _bdSeq),
            SparkplugMetric.OfBoolean(RebirthMetric, null, now, false),
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
                    Alias = Alias(c),
                    TimestampMs = known ? Milliseconds(last[0].TimestampNs) : now,
                    DataType = SparkplugDataType.Double,
                    IsNull = !known,
                    DoubleValue = known ? last[0].Value : 0,
                };
            }

            Publish(client, Topic(SparkplugMessageType.DBIRTH, _devices[d]), now, metrics);
        }

        Interlocked.Increment(ref _births);
        _logger.LogInformation("Sparkplug births published: NBIRTH bdSeq {BdSeq} and {Devices} DBIRTH", _bdSeq, _devices.Length);
    }

    private void Publish(MqttClient client, string topic, ulong now, ReadOnlySpan<SparkplugMetric> metrics)
    {
        var seq = NextSeq();
        var size = SparkplugPayloadWriter.Size(now, seq, metrics);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = SparkplugPayloadWriter.Write(buffer, now, seq, metrics);
        var ack = client.PublishAsync(topic, buffer.AsMemory(0, length), MqttQualityOfService.AtLeastOnce);
        _abandoned.Add(new InFlightMessage(0, 0, buffer, ack));
    }

    /// <summary>§6.4.19: seq counts 0–255 over NBIRTH, DBIRTH and DDATA of a session and wraps.</summary>
    private ulong NextSeq() => (ulong)(_seq++ & 0xFF);

    private ulong NowMs() => Milliseconds(_clock.UtcNowNs);

    private static ulong Milliseconds(long ns) => ns <= 0 ? 0 : (ulong)(ns / 1_000_000);

    /// <summary>Splits each channel's unsent samples into a historical replay (older than the live window) and a live flow, as <see cref="MqttUplink"/> does.</summary>
    private void SplitBacklog()
    {
        var cutoff = _clock.UtcNowNs - (long)(_options.LiveWindow.TotalMilliseconds * 1e6);
        long replayed = 0;
        for (var c = 0; c < _flows.Length; c++)
        {
            var flows = _flows[c];
            var live = flows[^1];
            var sent = live.SentThrough;
            var head = _store.CommittedSequence(c);
            var boundary = head + 1;
            if (head > sent)
            {
                foreach (var sample in _store.ReadRange(c, cutoff, long.MaxValue))
                {
                    if (sample.Sequence > sent)
                    {
                        boundary = sample.Sequence;
                        break;
                    }
                }
            }

            if (boundary - 1 > sent)
            {
                live.End = sent;
                flows.Add(new UplinkFlow(c, historical: true, sent, boundary - 1));
                flows.Add(new UplinkFlow(c, historical: false, boundary - 1, long.MaxValue));
                replayed += boundary - 1 - sent;
            }

            RemoveFinished(flows);
        }

        if (replayed > 0)
        {
            _logger.LogInformation("Uplink replaying about {Samples} historical samples at {Rate} samples/s", replayed, _options.ReplaySamplesPerSecond);
        }
    }

    private void Pump(MqttClient client, bool sending)
    {
        RefillTokens();
        for (var c = 0; c < _flows.Length; c++)
        {
            var flows = _flows[c];
            foreach (var flow in flows)
            {
                Collect(flow);
            }

            if (sending && _clock.MonotonicNowNs >= _holdUntilNs)
            {
                foreach (var flow in flows)
                {
                    Send(client, flow);
                }
            }
        }

        AdvanceCursors();
        for (var i = _abandoned.Count - 1; i >= 0; i--)
        {
            if (_abandoned[i].Ack.IsCompleted)
            {
                Settle(_abandoned[i]);
                _abandoned.RemoveAt(i);
            }
        }
    }

    private void AdvanceCursors()
    {
        for (var c = 0; c < _flows.Length; c++)
        {
            var flows = _flows[c];
            var durable = flows[^1].Acked;
            foreach (var flow in flows)
            {
                if (!flow.Done)
                {
                    durable = flow.Acked;
                    break;
                }
            }

            if (durable > DurableCursor(c))
            {
                _store.Outbox.Advance(_options.Destination, c, durable);
            }

            RemoveFinished(flows);
        }
    }

    private static void RemoveFinished(List<UplinkFlow> flows)
    {
        while (flows.Count > 1 && flows[0].Done)
        {
            flows.RemoveAt(0);
        }
    }

    private void Collect(UplinkFlow flow)
    {
        while (flow.Window.TryPeek(out var head) && head.Ack.IsCompleted)
        {
            flow.Window.Dequeue();
            if (Settle(head))
            {
                Acknowledge(flow, head);
                continue;
            }

            // Refused: send it and everything after it again after a growing pause, so the cursor never skips a sample.
            _failed++;
            var pause = _options.RefusalBackoff.NextDelay(Math.Min(_consecutiveRefusals++, 30));
            _holdUntilNs = Math.Max(_holdUntilNs, _clock.MonotonicNowNs + (pause.Ticks * 100));
            if (_consecutiveRefusals == 1 || _consecutiveRefusals % 10 == 0)
            {
                _logger.LogWarning("Uplink: the broker refused DDATA on {Topic} ({Count} in a row); pausing {Pause:0.0} s", _dataTopics[flow.Channel], _consecutiveRefusals, pause.TotalSeconds);
            }

            flow.SentThrough = flow.Acked;
            _abandoned.AddRange(flow.Window);
            flow.Window.Clear();
        }
    }

    private void Acknowledge(UplinkFlow flow, InFlightMessage message)
    {
        _publishedSamples += message.Last - message.First + 1;
        _publishedMessages++;
        _consecutiveRefusals = 0;
        flow.Acked = message.Last;
    }

    /// <summary>One DDATA per message, addressed to the channel's device, metrics by alias only (§6.4.6.1).</summary>
    private void Send(MqttClient client, UplinkFlow flow)
    {
        while (flow.Window.Count < _options.WindowPerFlow && flow.SentThrough < flow.End)
        {
            var want = _read.Length;
            if (flow.Historical)
            {
                want = (int)Math.Min(want, Math.Floor(_tokens));
                if (want < 1)
                {
                    return;
                }
            }

            var n = _store.ReadAfter(flow.Channel, flow.SentThrough, _read.AsSpan(0, want));
            while (n > 0 && _read[n - 1].Sequence > flow.End)
            {
                n--;
            }

            if (n == 0)
            {
                return;
            }

            if (flow.Historical)
            {
                _tokens -= n;
            }

            var alias = Alias(flow.Channel);
            for (var i = 0; i < n; i++)
            {
                _metrics[i] = SparkplugMetric.OfDouble(null, alias, Milliseconds(_read[i].TimestampNs), _read[i].Value, flow.Historical);
            }

            var metrics = _metrics.AsSpan(0, n);
            var now = NowMs();
            var seq = NextSeq();
            var buffer = ArrayPool<byte>.Shared.Rent(SparkplugPayloadWriter.Size(now, seq, metrics));
            var length = SparkplugPayloadWriter.Write(buffer, now, seq, metrics);
            var ack = client.PublishAsync(_dataTopics[flow.Channel], buffer.AsMemory(0, length), MqttQualityOfService.AtLeastOnce);
            flow.Window.Enqueue(new InFlightMessage(_read[0].Sequence, _read[n - 1].Sequence, buffer, ack));
            flow.SentThrough = _read[n - 1].Sequence;
        }
    }

    private void RefillTokens()
    {
        var now = _clock.MonotonicNowNs;
        var rate = _options.ReplaySamplesPerSecond;
        _tokens = Math.Min(Math.Max(rate, _options.MaxSamplesPerMessage), _tokens + ((now - _lastRefillNs) * rate / 1e9));
        _lastRefillNs = now;
    }

    private void MeasureBacklog()
    {
        long backlog = 0;
        long total = 0;
        var oldest = long.MaxValue;
        Span<StoredSample> first = stackalloc StoredSample[1];
        for (var c = 0; c < _flows.Length; c++)
        {
            var cursor = DurableCursor(c);
            var head = _store.CommittedSequence(c);
            total += head;
            if (head > cursor)
            {
                backlog += head - cursor;
                if (_store.ReadAfter(c, cursor, first) == 1)
                {
                    oldest = Math.Min(oldest, first[0].TimestampNs);
                }
            }
        }

        Volatile.Write(ref _backlog, backlog);
        var database = _store.Status.DatabaseBytes;
        Volatile.Write(ref _backlogBytes, total == 0 ? 0 : (long)Math.Min(database, (double)database * backlog / total));
        Volatile.Write(ref _oldestAge, oldest == long.MaxValue ? 0 : Math.Max(0, (_clock.UtcNowNs - oldest) / 1e9));
    }

    private static bool Settle(InFlightMessage message)
    {
        try
        {
            return message.Ack.GetAwaiter().GetResult().IsSuccess;
        }
        catch (Exception ex) when (ex is MqttConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message.Buffer);
        }
    }
}
