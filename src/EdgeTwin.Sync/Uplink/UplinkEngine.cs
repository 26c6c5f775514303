using System.Diagnostics;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// The one store-as-outbox flow behind every uplink format (docs/uplink.md, docs/sparkplug.md). Per channel it reads
/// after the destination's cursor, publishes QoS 1 messages and advances the cursor only over acknowledged (PUBACK)
/// samples. Whenever a stream starts — the link comes up, comes back after any outage, or the format says so
/// (Sparkplug births) — unsent samples older than <see cref="UplinkOptions.LiveWindow"/> are split off as a
/// historical flow replayed rate-limited beside live data. A refused publish pauses all sending with capped backoff.
/// The <see cref="IUplinkFormat"/> supplies topics, payloads and the session's rules.
/// </summary>
internal sealed partial class UplinkEngine : IAsyncDisposable
{
    private readonly SampleStore _store;
    private readonly MqttClientOptions _clientOptions;
    private readonly UplinkOptions _options;
    private readonly IUplinkFormat _format;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly string _broker;
    private readonly UntrackedPublishes _untracked = new();
    private volatile MqttClient? _client;
    private long _publishedSamples;
    private long _publishedMessages;
    private long _failed;
    private static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(1);

    private long _backlog;
    private long _backlogBytes;
    private double _oldestAge;
    private double _rate;
    private long _sessions;
    private long _reconnects;
    private int _linkCameBack;
    private bool _disposed;

    public UplinkEngine(SampleStore store, MqttClientOptions client, UplinkOptions options, IUplinkFormat format, IClock clock, ILogger logger)
    {
        _store = store;
        _options = options;
        _format = format;
        _clock = clock;
        _logger = logger;
        var channels = store.ChannelPaths.Count;
        // Room for a channel's live flow plus the flows left over from recent outages without waiting for a slot.
        var window = Math.Max(16, channels * 4 * options.WindowPerFlow);
        _clientOptions = client with { MaximumInFlight = Math.Max(client.MaximumInFlight, window) };
        _broker = $"{(client.Tls is null ? "mqtt" : "mqtts")}://{client.Host}:{client.Port}";
        _flows = new List<UplinkFlow>[channels];
        for (var c = 0; c < channels; c++)
        {
            _flows[c] = [new UplinkFlow(c, historical: false, DurableCursor(c), long.MaxValue)];
        }

        _read = new StoredSample[options.MaxSamplesPerMessage];
    }

    public UplinkStatus Status => new(
        _client?.IsConnected == true,
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

    public long DurableCursor(int channel) => _store.Outbox.GetCursor(_options.Destination, channel);

    /// <summary>
    /// Connects (retrying with the client's capped backoff while the broker is away), then forwards until cancelled.
    /// A client that reconnects by itself keeps one session for the whole run and resends what was unacknowledged;
    /// one that does not (Sparkplug: a new will per session) ends the session when the link is lost, and the next
    /// session starts from the cursors.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _lastRefillNs = _clock.MonotonicNowNs;
        for (var attempt = 0; !cancellationToken.IsCancellationRequested;)
        {
            var options = _format.SessionOptions(_clientOptions);
            var client = new MqttClient(options);
            client.Connected += OnConnected;
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                // Top of the connect loop: whatever failed, the samples stay in the store and the next attempt backs off.
                await client.DisposeAsync().ConfigureAwait(false);
                MeasureBacklog();
                var delay = _clientOptions.Reconnect.NextDelay(Math.Min(attempt++, 30));
                _logger.LogWarning("Uplink cannot reach {Broker}: {Error}; samples stay buffered in the store, retrying in {Delay:0.0} s",
                    _broker, ex.Message, delay.TotalSeconds);
                if (!await PauseAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            attempt = 0;
            _logger.LogInformation("Uplink connected to {Broker}", _broker);
            try
            {
                await _format.StartSessionAsync(client, cancellationToken).ConfigureAwait(false);
                _client = client;
                if (Interlocked.Increment(ref _sessions) > 1)
                {
                    Interlocked.Increment(ref _reconnects);
                }

                await RunSessionAsync(client, options.AutoReconnect, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutdown: unacknowledged samples are sent again on the next run, from the durable cursor.
            }
            catch (MqttConnectionException ex)
            {
                _logger.LogWarning("Uplink lost the broker: {Error}; samples stay buffered in the store", ex.Message);
            }
            finally
            {
                await EndSessionAsync(client, cancellationToken.IsCancellationRequested).ConfigureAwait(false);
            }

            // A broker that accepts and then drops at once must not be reconnected to in a tight loop.
            if (!await PauseAsync(_clientOptions.Reconnect.NextDelay(0), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_client is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var flows in _flows)
        {
            foreach (var flow in flows)
            {
                while (flow.Window.TryDequeue(out var message))
                {
                    await message.SettleAsync().ConfigureAwait(false);
                }
            }
        }

        await _untracked.SettleAllAsync().ConfigureAwait(false);
        (_format as IDisposable)?.Dispose();
    }

    private void OnConnected(object? sender, MqttConnectedEventArgs e)
    {
        if (e.IsReconnect)
        {
            Interlocked.Exchange(ref _linkCameBack, 1);
        }
    }

    private async Task RunSessionAsync(MqttClient client, bool clientReconnects, CancellationToken cancellationToken)
    {
        var rateWindowStart = _clock.MonotonicNowNs;
        var rateSamplesStart = _publishedSamples;
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            if (!clientReconnects && !client.IsConnected)
            {
                _logger.LogWarning("Uplink lost the broker; samples stay buffered in the store");
                return;
            }

            var gate = _format.Poll(client, _untracked);
            // The client reconnected by itself: what was produced during the outage is history now.
            var cameBack = Interlocked.Exchange(ref _linkCameBack, 0) == 1;
            if (cameBack || gate.NewStream)
            {
                SplitBacklog();
            }

            if (cameBack)
            {
                Interlocked.Increment(ref _reconnects);
            }

            Pump(client, gate.Open && client.IsConnected);
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

    /// <summary>
    /// Ends a session: the format's last word (Sparkplug: NDEATH on shutdown), then the client goes. What was
    /// acknowledged counts; everything after the first unacknowledged message of a flow is sent again from the
    /// cursor by the next session (Sparkplug: with new seq numbers).
    /// </summary>
    private async Task EndSessionAsync(MqttClient client, bool shutdown)
    {
        await _format.EndSessionAsync(client, shutdown).ConfigureAwait(false);
        _client = null;
        await client.DisposeAsync().ConfigureAwait(false);
        foreach (var flows in _flows)
        {
            foreach (var flow in flows)
            {
                while (flow.Window.TryDequeue(out var message))
                {
                    if (await message.SettleAsync().ConfigureAwait(false))
                    {
                        Acknowledge(flow, message);
                    }
                    else
                    {
                        // Later acknowledgements in this window are ignored: the cursor must not skip the lost message.
                        _untracked.Abandon(flow.Window);
                    }
                }

                flow.SentThrough = flow.Acked;
            }
        }

        await _untracked.SettleAllAsync().ConfigureAwait(false);
        AdvanceCursors();
    }

    /// <summary>
    /// Waits out a reconnect delay (up to the backoff's maximum, a minute by default) with the backlog figures kept
    /// live: the twin shows them every second, and an outage is exactly when an operator watches them grow.
    /// </summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var left = delay - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return true;
                }

                await Task.Delay(left < BacklogInterval ? left : BacklogInterval, cancellationToken).ConfigureAwait(false);
                MeasureBacklog();
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
