using System.Buffers;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

/// <summary>
/// Forwards the store's samples as a Sparkplug B 3.0 edge node (docs/sparkplug.md). Each MQTT session registers an
/// NDEATH will carrying a fresh bdSeq, publishes NBIRTH and one DBIRTH per device, then DDATA by alias; seq runs
/// 0–255 across them. The store is the outbox exactly as for JSON: a channel's cursor advances only over samples
/// whose DDATA was acknowledged (PUBACK), and after an outage the backlog replays rate-limited as historical DDATA.
/// </summary>
public sealed partial class SparkplugUplink : IUplink
{
    /// <summary>Sparkplug B 3.0 §6.4.19 / §10: the node control metric a host writes true to ask for new births.</summary>
    public const string RebirthMetric = "Node Control/Rebirth";
    public const string BdSeqMetric = "bdSeq";

    private readonly SampleStore _store;
    private readonly MqttClientOptions _clientOptions;
    private readonly UplinkOptions _options;
    private readonly SparkplugOptions _sparkplug;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly string[] _dataTopics;
    private readonly string[] _devices;
    private readonly int[][] _deviceChannels;
    private readonly List<UplinkFlow>[] _flows;
    private readonly StoredSample[] _read;
    private readonly SparkplugMetric[] _metrics;
    private readonly List<InFlightMessage> _abandoned = [];
    private volatile MqttClient? _client;
    private byte _bdSeq;
    private int _seq;
    private double _tokens;
    private long _lastRefillNs;
    private long _publishedSamples;
    private long _publishedMessages;
    private long _failed;
    private long _backlog;
    private long _backlogBytes;
    private double _oldestAge;
    private double _rate;
    private long _sessions;
    private long _births;
    private int _consecutiveRefusals;
    private long _holdUntilNs;
    private bool _disposed;

    public SparkplugUplink(SampleStore store, MqttClientOptions client, UplinkOptions options, SparkplugOptions sparkplug, IClock clock, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sparkplug);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        var channels = store.ChannelPaths.Count;
        sparkplug.Validate(channels);
        _store = store;
        _options = options;
        _sparkplug = sparkplug;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
        var window = Math.Max(16, channels * 4 * options.WindowPerFlow);
        _clientOptions = client with { MaximumInFlight = Math.Max(client.MaximumInFlight, window), AutoReconnect = false, CleanStart = true };
        _devices = [.. sparkplug.ChannelDevices.Distinct(StringComparer.Ordinal)];
        _deviceChannels = [.. _devices.Select(d => Enumerable.Range(0, channels).Where(c => sparkplug.ChannelDevices[c] == d).ToArray())];
        _dataTopics = [.. sparkplug.ChannelDevices.Select(d => Topic(SparkplugMessageType.DDATA, d))];
        _flows = new List<UplinkFlow>[channels];
        for (var c = 0; c < channels; c++)
        {
            _flows[c] = [new UplinkFlow(c, historical: false, store.Outbox.GetCursor(options.Destination, c), long.MaxValue)];
        }

        _read = new StoredSample[options.MaxSamplesPerMessage];
        _metrics = new SparkplugMetric[options.MaxSamplesPerMessage];
        _bdSeq = BdSeqFile.Load(sparkplug.BdSeqFile);
    }

    /// <summary>Sparkplug alias of a channel's metric (§6.4.6.1): unique within the edge node, the same in every birth.</summary>
    public static ulong Alias(int channel) => (ulong)channel + 1;

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
        Reconnects = Math.Max(0, Volatile.Read(ref _sessions) - 1),
    };

    /// <summary>Times NBIRTH was published (sessions, host coming back online, rebirth requests).</summary>
    public long Births => Volatile.Read(ref _births);

    public long DurableCursor(int channel) => _store.Outbox.GetCursor(_options.Destination, channel);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var endpoint = $"{(_clientOptions.Tls is null ? "mqtt" : "mqtts")}://{_clientOptions.Host}:{_clientOptions.Port}";
        _lastRefillNs = _clock.MonotonicNowNs;
        for (var attempt = 0; !cancellationToken.IsCancellationRequested;)
        {
            var bdSeq = (byte)(_bdSeq + 1);
            var client = new MqttClient(_clientOptions with { Will = Death(bdSeq) });
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is MqttConnectionException or MqttProtocolException)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                MeasureBacklog();
                var delay = _clientOptions.Reconnect.NextDelay(Math.Min(attempt++, 30));
                _logger.LogWarning("Uplink cannot reach {Broker}: {Error}; samples stay buffered in the store, retrying in {Delay:0.0} s", endpoint, ex.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            attempt = 0;
            _bdSeq = bdSeq;
            BdSeqFile.Save(_sparkplug.BdSeqFile, bdSeq);
            _client = client;
            Interlocked.Increment(ref _sessions);
            _logger.LogInformation("Uplink connected to {Broker} as Sparkplug edge node {Group}/{Node}, bdSeq {BdSeq}", endpoint, _sparkplug.GroupId, _sparkplug.EdgeNodeId, bdSeq);
            try
            {
                await RunSessionAsync(client, cancellationToken).ConfigureAwait(false);
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
            try
            {
                await Task.Delay(_clientOptions.Reconnect.NextDelay(0), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
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

        await SettleAllAsync().ConfigureAwait(false);
    }

    private async Task RunSessionAsync(MqttClient client, CancellationToken cancellationToken)
    {
        var hostOnline = _sparkplug.PrimaryHostId is null;
        ulong hostTimestamp = 0;
        var birthsDue = true;
        await client.SubscribeAsync(
            [new MqttSubscription(Topic(SparkplugMessageType.NCMD, null), MqttQualityOfService.AtLeastOnce),
             .. _sparkplug.PrimaryHostId is { } host ? [new MqttSubscription(SparkplugTopic.State(host), MqttQualityOfService.AtLeastOnce)] : Array.Empty<MqttSubscription>()],
            cancellationToken).ConfigureAwait(false);

        var rateWindowStart = _clock.MonotonicNowNs;
        var rateSamplesStart = _publishedSamples;
        using var timer = new PeriodicTimer(_options.PollInterval);
        try
        {
            do
            {
                while (client.Messages.TryRead(out var message))
                {
                    if (_sparkplug.PrimaryHostId is { } id && message.Topic == SparkplugTopic.State(id))
                    {
                        if (TryReadState(message, out var state) && state.TimestampMs >= hostTimestamp)
                        {
                            hostTimestamp = state.TimestampMs;
                            birthsDue |= state.Online && !hostOnline;
                            hostOnline = state.Online;
                            _logger.LogInformation("Sparkplug primary host {Host} is {State}", id, state.Online ? "online" : "offline");
                        }
                    }
                    else
                    {
                        birthsDue |= IsRebirthRequest(message);
                    }
                }

                if (!client.IsConnected)
                {
                    _logger.LogWarning("Uplink lost the broker; samples stay buffered in the store");
                    return;
                }

                if (hostOnline && birthsDue)
                {
                    birthsDue = false;
                    PublishBirths(client);
                    SplitBacklog();
                }

                Pump(client, sending: hostOnline);
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
            // Shutdown: EndSessionAsync publishes NDEATH; unacknowledged samples are sent again on the next run.
        }
    }

    /// <summary>
    /// Ends a session: on shutdown NDEATH is published before DISCONNECT (the will only fires on an unclean end,
    /// §6.4.19). Unacknowledged DDATA is forgotten: its samples are sent again, with new seq numbers, from the cursor.
    /// </summary>
    private async Task EndSessionAsync(MqttClient client, bool shutdown)
    {
        if (shutdown && client.IsConnected)
        {
            var death = Death(_bdSeq);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.PublishAsync(death.Topic, death.Payload, MqttQualityOfService.AtLeastOnce, cancellationToken: timeout.Token).AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttConnectionException or OperationCanceledException or TimeoutException)
            {
                _logger.LogWarning("Uplink could not publish NDEATH before disconnecting: {Error}", ex.Message);
            }
        }

        _client = null;
        await client.DisposeAsync().ConfigureAwait(false);
        foreach (var flows in _flows)
        {
            foreach (var flow in flows)
            {
                while (flow.Window.TryDequeue(out var message))
                {
                    if (await SettleAsync(message).ConfigureAwait(false))
                    {
                        Acknowledge(flow, message);
                    }
                    else
                    {
                        // Everything after an unacknowledged message is sent again; later acks in this window are ignored.
                        _abandoned.AddRange(flow.Window);
                        flow.Window.Clear();
                    }
                }

                flow.SentThrough = flow.Acked;
            }
        }

        foreach (var message in _abandoned)
        {
            await SettleAsync(message).ConfigureAwait(false);
        }

        _abandoned.Clear();
        AdvanceCursors();
    }

    private string Topic(SparkplugMessageType type, string? device) => new SparkplugTopic(_sparkplug.GroupId, type, _sparkplug.EdgeNodeId, device).ToString();

    private bool TryReadState(MqttApplicationMessage message, out SparkplugHostState state)
    {
        try
        {
            state = SparkplugHostState.Parse(message.Payload.Span);
            return true;
        }
        catch (SparkplugDecodeException ex)
        {
            _logger.LogWarning("Ignoring STATE on {Topic}: {Error}", message.Topic, ex.Message);
            state = default;
            return false;
        }
    }

    private bool IsRebirthRequest(MqttApplicationMessage message)
    {
        try
        {
            var payload = SparkplugPayloadReader.Read(message.Payload.Span);
            var rebirth = payload.Metrics.Any(m => m.Name == RebirthMetric && m.Value is true);
            if (rebirth)
            {
                _logger.LogInformation("Sparkplug rebirth requested on {Topic}", message.Topic);
            }

            return rebirth;
        }
        catch (SparkplugDecodeException ex)
        {
            _logger.LogWarning("Ignoring malformed command on {Topic}: {Error}", message.Topic, ex.Message);
            return false;
        }
    }

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

    private async Task SettleAllAsync()
    {
        foreach (var flow in _flows.SelectMany(f => f))
        {
            while (flow.Window.TryDequeue(out var message))
            {
                await SettleAsync(message).ConfigureAwait(false);
            }
        }

        foreach (var message in _abandoned)
        {
            await SettleAsync(message).ConfigureAwait(false);
        }

        _abandoned.Clear();
    }
}
