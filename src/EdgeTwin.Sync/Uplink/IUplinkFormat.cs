using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// What one wire format adds to <see cref="UplinkEngine"/>: topics, payloads and the rules of an MQTT session
/// (JSON: <see cref="JsonFormat"/>, Sparkplug B: <see cref="Sparkplug.SparkplugEdgeNode"/>). The engine owns the rest
/// — connecting, cursors, live and historical flows, acknowledgements, backoff and status — and calls these members
/// from its own loop only, one at a time. A format that holds resources is also <see cref="IDisposable"/>; the engine disposes it.
/// </summary>
internal interface IUplinkFormat
{
    /// <summary>The topic a channel's data messages are published to.</summary>
    string DataTopic(int channel);

    /// <summary>The client options of the next connection attempt, e.g. with that session's will.</summary>
    MqttClientOptions SessionOptions(MqttClientOptions client);

    /// <summary>Called once the broker accepted the connection made with the last <see cref="SessionOptions"/>, before any data goes out on it.</summary>
    Task StartSessionAsync(MqttClient client, CancellationToken cancellationToken);

    /// <summary>
    /// Called on every poll of a connected session, before data is sent: handles what the broker delivered and may
    /// publish messages of its own (their buffers go to <paramref name="untracked"/>). Says whether data may be sent
    /// now and whether a new stream starts, so the unsent backlog is split into history and live.
    /// </summary>
    UplinkGate Poll(MqttClient client, UntrackedPublishes untracked);

    /// <summary>Encodes the samples of one data message into a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the engine returns it after the PUBACK.</summary>
    (byte[] Buffer, int Length) WriteData(int channel, ReadOnlySpan<StoredSample> samples, bool historical);

    /// <summary>Called before the session's client is disposed; <paramref name="shutdown"/> when the uplink is stopping rather than the link lost.</summary>
    Task EndSessionAsync(MqttClient client, bool shutdown);
}

/// <summary>A format's verdict for one poll: may data be sent, and does a new stream start (split the backlog first).</summary>
internal readonly record struct UplinkGate(bool Open, bool NewStream);
