using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

/// <summary>
/// Forwards the store's samples as a Sparkplug B 3.0 edge node (docs/sparkplug.md): NDEATH will with a persisted
/// bdSeq, NBIRTH and one DBIRTH per device, DDATA by alias, seq 0–255, rebirth on NCMD, primary-host STATE gating
/// (<see cref="SparkplugEdgeNode"/>). The store is the outbox exactly as for JSON, through the same
/// <see cref="UplinkEngine"/>: a channel's cursor advances only over acknowledged DDATA, and backlog held back by an
/// outage or an offline host replays rate-limited as historical DDATA.
/// </summary>
public sealed class SparkplugUplink : IUplink
{
    /// <summary>Sparkplug B 3.0 §6.4.19 / §10: the node control metric a host writes true to ask for new births.</summary>
    public const string RebirthMetric = "Node Control/Rebirth";
    public const string BdSeqMetric = "bdSeq";

    private readonly SparkplugEdgeNode _node;
    private readonly UplinkEngine _engine;

    public SparkplugUplink(SampleStore store, MqttClientOptions client, UplinkOptions options, SparkplugOptions sparkplug, IClock clock, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sparkplug);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        sparkplug.Validate(store.ChannelPaths.Count);
        logger ??= NullLogger.Instance;
        _node = new SparkplugEdgeNode(store, options, sparkplug, clock, logger);
        _engine = new UplinkEngine(store, client, options, _node, clock, logger);
    }

    /// <summary>Sparkplug alias of a channel's metric (§6.4.6.1): unique within the edge node, the same in every birth.</summary>
    public static ulong Alias(int channel) => (ulong)channel + 1;

    public UplinkStatus Status => _engine.Status;

    /// <summary>Times NBIRTH was published (sessions, host coming back online, rebirth requests).</summary>
    public long Births => _node.Births;

    public long DurableCursor(int channel) => _engine.DurableCursor(channel);

    public Task RunAsync(CancellationToken cancellationToken) => _engine.RunAsync(cancellationToken);

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
