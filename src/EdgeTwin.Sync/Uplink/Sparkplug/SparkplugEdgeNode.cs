using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

/// <summary>
/// The Sparkplug B 3.0 edge node as an uplink format (docs/sparkplug.md). Each MQTT session registers an NDEATH will
/// with the next bdSeq (persisted once the broker accepted it), subscribes to NCMD and the primary host's STATE, and
/// births (NBIRTH, one DBIRTH per device) whenever it may publish and has not yet: at the session's start, when the
/// primary host comes (back) online, on a rebirth request. Each birth starts a new stream, so what was held back is
/// replayed as historical DDATA. Sessions end with the connection (no automatic reconnect: a new session needs a new will).
/// </summary>
internal sealed partial class SparkplugEdgeNode : IUplinkFormat
{
    private readonly SampleStore _store;
    private readonly SparkplugOptions _sparkplug;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly string[] _dataTopics;
    private readonly string[] _devices;
    private readonly int[][] _deviceChannels;
    private readonly SparkplugMetric[] _metrics;
    private readonly string? _stateTopic;
    private byte _bdSeq;
    private byte _nextBdSeq;
    private int _seq;
    private long _births;
    private bool _hostOnline;
    private ulong _hostTimestamp;
    private bool _birthsDue;

    public SparkplugEdgeNode(SampleStore store, UplinkOptions options, SparkplugOptions sparkplug, IClock clock, ILogger logger)
    {
        var channels = store.ChannelPaths.Count;
        _store = store;
        _sparkplug = sparkplug;
        _clock = clock;
        _logger = logger;
        _devices = [.. sparkplug.ChannelDevices.Distinct(StringComparer.Ordinal)];
        _deviceChannels = [.. _devices.Select(d => Enumerable.Range(0, channels).Where(c => sparkplug.ChannelDevices[c] == d).ToArray())];
        _dataTopics = [.. sparkplug.ChannelDevices.Select(d => Topic(SparkplugMessageType.DDATA, d))];
        _stateTopic = sparkplug.PrimaryHostId is { } host ? SparkplugTopic.State(host) : null;
        _metrics = new SparkplugMetric[options.MaxSamplesPerMessage];
        _bdSeq = BdSeqFile.Load(sparkplug.BdSeqFile);
    }

    /// <summary>Times NBIRTH was published (sessions, host coming back online, rebirth requests).</summary>
    public long Births => Volatile.Read(ref _births);

    public string DataTopic(int channel) => _dataTopics[channel];

    /// <summary>§6.4.19: the will of a session is the NDEATH with the bdSeq its NBIRTH will carry.</summary>
    public MqttClientOptions SessionOptions(MqttClientOptions client)
    {
        _nextBdSeq = (byte)(_bdSeq + 1);
        return client with { Will = Death(_nextBdSeq), AutoReconnect = false, CleanStart = true };
    }

    public async Task StartSessionAsync(MqttClient client, CancellationToken cancellationToken)
    {
        _bdSeq = _nextBdSeq;
        BdSeqFile.Save(_sparkplug.BdSeqFile, _bdSeq);
        _logger.LogInformation("Sparkplug edge node {Group}/{Node} in session, bdSeq {BdSeq}", _sparkplug.GroupId, _sparkplug.EdgeNodeId, _bdSeq);
        _hostOnline = _stateTopic is null;
        _hostTimestamp = 0;
        _birthsDue = true;
        await client.SubscribeAsync(
            [new MqttSubscription(Topic(SparkplugMessageType.NCMD, null), MqttQualityOfService.AtLeastOnce),
             .. _stateTopic is { } state ? [new MqttSubscription(state, MqttQualityOfService.AtLeastOnce)] : Array.Empty<MqttSubscription>()],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>§5.8: with a primary host, nothing is published while its STATE says offline; births come first whenever publishing (re)starts.</summary>
    public UplinkGate Poll(MqttClient client, UntrackedPublishes untracked)
    {
        while (client.Messages.TryRead(out var message))
        {
            if (message.Topic == _stateTopic)
            {
                if (TryReadState(message, out var state) && state.TimestampMs >= _hostTimestamp)
                {
                    _hostTimestamp = state.TimestampMs;
                    _birthsDue |= state.Online && !_hostOnline;
                    _hostOnline = state.Online;
                    _logger.LogInformation("Sparkplug primary host {Host} is {State}", _sparkplug.PrimaryHostId, state.Online ? "online" : "offline");
                }
            }
            else
            {
                _birthsDue |= IsRebirthRequest(message);
            }
        }

        if (_hostOnline && _birthsDue)
        {
            _birthsDue = false;
            PublishBirths(client, untracked);
            return new UplinkGate(Open: true, NewStream: true);
        }

        return new UplinkGate(Open: _hostOnline, NewStream: false);
    }

    /// <summary>On shutdown NDEATH is published before DISCONNECT: the will only fires on an unclean end (§6.4.19).</summary>
    public async Task EndSessionAsync(MqttClient client, bool shutdown)
    {
        if (!shutdown || !client.IsConnected)
        {
            return;
        }

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
            var rebirth = payload.Metrics.Any(m => m.Name == SparkplugUplink.RebirthMetric && m.Value is true);
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
}
