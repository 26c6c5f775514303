using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// The JSON uplink's wire format (docs/uplink.md): one topic per twin channel,
/// <c>&lt;TopicPrefix&gt;/&lt;Gateway&gt;/data/&lt;twin path&gt;</c>, carrying <see cref="UplinkPayload"/> messages. Its
/// session is the MQTT client's own: the client reconnects by itself and resends what was unacknowledged, so a
/// stream starts once, when the first connection is made (the engine splits again after every reconnect).
/// </summary>
internal sealed class JsonFormat : IUplinkFormat, IDisposable
{
    private readonly string _gateway;
    private readonly string[] _paths;
    private readonly string[] _topics;
    private readonly UplinkPayload _payload = new();
    private bool _streamStarts;

    public JsonFormat(IReadOnlyList<string> channelPaths, UplinkOptions options)
    {
        _gateway = options.Gateway;
        _paths = [.. channelPaths];
        _topics = [.. channelPaths.Select(p => $"{options.TopicPrefix}/{options.Gateway}/data/{p}")];
    }

    public string DataTopic(int channel) => _topics[channel];

    public MqttClientOptions SessionOptions(MqttClientOptions client) => client;

    public Task StartSessionAsync(MqttClient client, CancellationToken cancellationToken)
    {
        _streamStarts = true;
        return Task.CompletedTask;
    }

    public UplinkGate Poll(MqttClient client, UntrackedPublishes untracked)
    {
        var starts = _streamStarts;
        _streamStarts = false;
        return new UplinkGate(Open: true, NewStream: starts);
    }

    public (byte[] Buffer, int Length) WriteData(int channel, ReadOnlySpan<StoredSample> samples, bool historical) =>
        _payload.Write(_gateway, _paths[channel], samples, historical);

    public Task EndSessionAsync(MqttClient client, bool shutdown) => Task.CompletedTask;

    public void Dispose() => _payload.Dispose();
}
