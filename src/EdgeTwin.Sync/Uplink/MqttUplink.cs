using System.Buffers;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// Forwards the store's committed samples to an MQTT broker, with the store as the outbox: per channel it reads
/// after the destination's cursor, publishes QoS 1 messages that carry the per-channel sequence numbers, and
/// advances the cursor only over acknowledged (PUBACK) samples. Whenever the link comes up — first, and again after
/// every outage — unsent samples older than <see cref="UplinkOptions.LiveWindow"/> are split off as a historical
/// flow replayed rate-limited beside the live data. Consumers drop duplicates by sequence (docs/uplink.md).
/// </summary>
public sealed class MqttUplink : IUplink
{
    private readonly SampleStore _store;
    private readonly MqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly UplinkOptions _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly string[] _topics;
    private readonly List<UplinkFlow>[] _flows;
    private readonly StoredSample[] _read;
    private readonly UplinkPayload _payload = new();
    private readonly List<InFlightMessage> _abandoned = [];
    private double _tokens;
    private long _lastRefillNs;
    private long _publishedSamples;
    private long _publishedMessages;
    private long _failed;
    private long _backlog;
    private double _oldestAge;
    private double _rate;
    private long _backlogBytes;
    private long _reconnects;
    private int _linkCameBack;
    private int _consecutiveRefusals;
    private long _holdUntilNs;
    private bool _disposed;

    public MqttUplink(SampleStore store, MqttClientOptions client, UplinkOptions options, IClock clock, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        _store = store;
        _clientOptions = client;
        _options = options;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
        var channels = store.ChannelPaths.Count;
        // Room for a channel's live flow plus the flows left over from recent outages without waiting for a slot.
        var window = Math.Max(16, channels * 4 * options.WindowPerFlow);
        _client = new MqttClient(client with { MaximumInFlight = Math.Max(client.MaximumInFlight, window) });
        _client.Connected += (_, e) =>
        {
            if (e.IsReconnect)
            {
                Interlocked.Exchange(ref _linkCameBack, 1);
            }
        };
        _topics = store.ChannelPaths.Select(p => $"{options.TopicPrefix}/{options.Gateway}/data/{p}").ToArray();
        _flows = new List<UplinkFlow>[channels];
        for (var c = 0; c < channels; c++)
        {
            _flows[c] = [];
        }
        _read = new StoredSample[options.MaxSamplesPerMessage];
    }

    public UplinkStatus Status => new(
        _client.IsConnected,
        Volatile.Read(ref _backlog),
        Volatile.Read(ref _oldestAge),
        Volatile.Read(ref _rate),
        Volatile.Read(ref _publishedSamples),
        Volatile.Read(ref _publishedMessages),
        Volatile.Read(ref _failed))
    {
        BacklogBytes = Volatile.Read(ref _backlogBytes),
        EvictedSamples = _store.Status.EvictedSamples,
        Reconnects = Volatile.Read(ref _reconnects),
    };

    /// <summary>The sequence up to which <paramref name="channel"/> is acknowledged, as the outbox cursor records it.</summary>
    public long DurableCursor(int channel) => _store.Outbox.GetCursor(_options.Destination, channel);

    /// <summary>Connects (retrying with the client's backoff while the broker is away), then forwards until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!await ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        for (var c = 0; c < _flows.Length; c++)
        {
            var cursor = DurableCursor(c);
            _flows[c].Add(new UplinkFlow(c, historical: false, cursor, long.MaxValue));
        }

        SplitBacklog();
        var rateWindowStart = _clock.MonotonicNowNs;
        var rateSamplesStart = _publishedSamples;
        _lastRefillNs = rateWindowStart;
        using var timer = new PeriodicTimer(_options.PollInterval);
        try
        {
            do
            {
                Pump();
                var now = _clock.MonotonicNowNs;
                if (now - rateWindowStart >= 1_000_000_000L)
                {
                    Volatile.Write(ref _rate, (_publishedSamples - rateSamplesStart) * 1e9 / (now - rateWindowStart));
                    rateWindowStart = now;
                    rateSamplesStart = _publishedSamples;
                    MeasureBacklog();
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: unacknowledged messages are sent again on the next run, from the durable cursor.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _client.DisposeAsync().ConfigureAwait(false);
        foreach (var flow in _flows.SelectMany(f => f))
        {
            while (flow?.Window.TryDequeue(out var message) == true)
            {
                await SettleAsync(message).ConfigureAwait(false);
            }
        }

        foreach (var message in _abandoned)
        {
            await SettleAsync(message).ConfigureAwait(false);
        }

        _abandoned.Clear();
        _payload.Dispose();
    }

    private async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        var broker = $"{(_clientOptions.Tls is null ? "mqtt" : "mqtts")}://{_clientOptions.Host}:{_clientOptions.Port}";
        for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Uplink connected to {Broker}", broker);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                MeasureBacklog();
                var delay = _clientOptions.Reconnect.NextDelay(attempt);
                _logger.LogWarning("Uplink cannot reach {Broker}: {Error}; samples stay buffered in the store, retrying in {Delay:0.0} s",
                    broker, ex.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Closes each channel's live flow at what it has sent, and splits the unsent samples after it into a historical
    /// replay (older than the live window) and a new live flow. Called when the link first comes up and whenever it
    /// comes back: what was produced during the outage is history, what is produced now flows live at once.
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

    private void Pump()
    {
        if (Interlocked.Exchange(ref _linkCameBack, 0) == 1)
        {
            _reconnects++;
            SplitBacklog();
        }

        RefillTokens();
        var sending = _client.IsConnected && _clock.MonotonicNowNs >= _holdUntilNs;
        for (var c = 0; c < _flows.Length; c++)
        {
            var flows = _flows[c];
            foreach (var flow in flows)
            {
                Collect(flow);
            }

            // Oldest first: history, then the closed live remainders of earlier outages, then live data.
            sending &= _clock.MonotonicNowNs >= _holdUntilNs;
            if (sending)
            {
                foreach (var flow in flows)
                {
                    Send(flow);
                }
            }

            // The flows cover consecutive ranges, so everything is acknowledged up to the first unfinished flow's Acked.
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

        for (var i = _abandoned.Count - 1; i >= 0; i--)
        {
            if (_abandoned[i].Ack.IsCompleted)
            {
                Settle(_abandoned[i]);
                _abandoned.RemoveAt(i);
            }
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
            var ok = Settle(head);
            if (ok)
            {
                _publishedSamples += head.Last - head.First + 1;
                _publishedMessages++;
                _consecutiveRefusals = 0;
                flow.Acked = head.Last;
                continue;
            }

            // A refused message: send it and everything after it again, so the cursor never skips a sample — after
            // a pause that grows with each refusal in a row.
            _failed++;
            var pause = _options.RefusalBackoff.NextDelay(Math.Min(_consecutiveRefusals++, 30));
            _holdUntilNs = Math.Max(_holdUntilNs, _clock.MonotonicNowNs + pause.Ticks * 100);
            if (_consecutiveRefusals == 1 || _consecutiveRefusals % 10 == 0)
            {
                _logger.LogWarning("Uplink: the broker refused a message on {Topic} ({Count} in a row); pausing {Pause:0.0} s",
                    _topics[flow.Channel], _consecutiveRefusals, pause.TotalSeconds);
            }

            flow.SentThrough = flow.Acked;
            _abandoned.AddRange(flow.Window);
            flow.Window.Clear();
        }
    }

    private void Send(UplinkFlow flow)
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
            var (buffer, length) = _payload.Write(_options.Gateway, _store.ChannelPaths[flow.Channel], samples, flow.Historical);
            var ack = _client.PublishAsync(_topics[flow.Channel], buffer.AsMemory(0, length), MqttQualityOfService.AtLeastOnce);
            flow.Window.Enqueue(new InFlightMessage(samples[0].Sequence, samples[^1].Sequence, buffer, ack));
            flow.SentThrough = samples[^1].Sequence;
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
        var oldest = long.MaxValue;
        Span<StoredSample> first = stackalloc StoredSample[1];
        long total = 0;
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

    /// <summary>Takes the result of a completed publish exactly once, without allocating, and returns its buffer.</summary>
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

    /// <summary>Awaits a publish exactly once and returns its buffer to the pool; true if the broker took it.</summary>
    private static async ValueTask<bool> SettleAsync(InFlightMessage message)
    {
        try
        {
            return (await message.Ack.ConfigureAwait(false)).IsSuccess;
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
