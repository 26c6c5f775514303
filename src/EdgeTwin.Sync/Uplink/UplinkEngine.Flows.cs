using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Uplink;

internal sealed partial class UplinkEngine
{
    private readonly List<UplinkFlow>[] _flows;
    private readonly StoredSample[] _read;
    private double _tokens;
    private long _lastRefillNs;
    private int _consecutiveRefusals;
    private long _holdUntilNs;

    /// <summary>
    /// Closes each channel's live flow at what it has sent, and splits the unsent samples after it into a historical
    /// replay (older than the live window) and a new live flow: what was produced while the stream was down is
    /// history, what is produced now flows live at once, beside the replay.
    /// </summary>
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

            // Oldest first: history, then the closed live remainders of earlier outages, then live data.
            if (sending && _clock.MonotonicNowNs >= _holdUntilNs)
            {
                foreach (var flow in flows)
                {
                    Send(client, flow);
                }
            }
        }

        AdvanceCursors();
        _untracked.Reap();
    }

    /// <summary>The flows cover consecutive ranges, so a channel is acknowledged up to its first unfinished flow's <see cref="UplinkFlow.Acked"/>.</summary>
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

    /// <summary>Drops fully acknowledged flows from the head; the open live flow always stays.</summary>
    private static void RemoveFinished(List<UplinkFlow> flows)
    {
        while (flows.Count > 1 && flows[0].Done)
        {
            flows.RemoveAt(0);
        }
    }

    /// <summary>Takes completed acknowledgements off the head of the window, in publish order.</summary>
    private void Collect(UplinkFlow flow)
    {
        while (flow.Window.TryPeek(out var head) && head.Ack.IsCompleted)
        {
            flow.Window.Dequeue();
            if (head.Settle())
            {
                Acknowledge(flow, head);
                continue;
            }

            // Refused (MQTT 5.0 §3.4.2.1, reason code ≥ 0x80): send it and everything after it again, so the cursor
            // never skips a sample — after a pause that grows with each refusal in a row.
            _failed++;
            var pause = _options.RefusalBackoff.NextDelay(Math.Min(_consecutiveRefusals++, 30));
            _holdUntilNs = Math.Max(_holdUntilNs, _clock.MonotonicNowNs + (pause.Ticks * 100));
            if (_consecutiveRefusals == 1 || _consecutiveRefusals % 10 == 0)
            {
                _logger.LogWarning("Uplink: the broker refused a message on {Topic} ({Count} in a row); pausing {Pause:0.0} s",
                    _format.DataTopic(flow.Channel), _consecutiveRefusals, pause.TotalSeconds);
            }

            flow.SentThrough = flow.Acked;
            _untracked.Abandon(flow.Window);
        }
    }

    private void Acknowledge(UplinkFlow flow, InFlightMessage message)
    {
        _publishedSamples += message.Last - message.First + 1;
        _publishedMessages++;
        _consecutiveRefusals = 0;
        flow.Acked = message.Last;
    }

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

            var samples = _read.AsSpan(0, n);
            var (buffer, length) = _format.WriteData(flow.Channel, samples, flow.Historical);
            var ack = client.PublishAsync(_format.DataTopic(flow.Channel), buffer.AsMemory(0, length), MqttQualityOfService.AtLeastOnce);
            flow.Window.Enqueue(new InFlightMessage(samples[0].Sequence, samples[^1].Sequence, buffer, ack));
            flow.SentThrough = samples[^1].Sequence;
        }
    }

    /// <summary>The replay's token bucket, over all channels; it holds at most a second's worth (or one full message).</summary>
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
}
