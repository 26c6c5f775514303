using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// Forwards the store's committed samples to an MQTT broker as JSON, one topic per channel (docs/uplink.md), with the
/// store as the outbox: QoS 1 messages carry the per-channel sequence numbers, and a channel's cursor advances only
/// over acknowledged (PUBACK) samples. Whenever the link comes up — first, and again after every outage — unsent
/// samples older than <see cref="UplinkOptions.LiveWindow"/> are replayed rate-limited as history beside the live
/// data. The flow is <see cref="UplinkEngine"/>'s; <see cref="JsonFormat"/> is the format. Consumers drop duplicates by sequence.
/// </summary>
public sealed class MqttUplink : IUplink
{
    private readonly UplinkEngine _engine;

    public MqttUplink(SampleStore store, MqttClientOptions client, UplinkOptions options, IClock clock, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        _engine = new UplinkEngine(store, client, options, new JsonFormat(store.ChannelPaths, options), clock, logger ?? NullLogger.Instance);
    }

    public UplinkStatus Status => _engine.Status;

    /// <summary>The sequence up to which <paramref name="channel"/> is acknowledged, as the outbox cursor records it.</summary>
    public long DurableCursor(int channel) => _engine.DurableCursor(channel);

    /// <summary>Connects (retrying with the client's backoff while the broker is away), then forwards until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _engine.RunAsync(cancellationToken);

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
