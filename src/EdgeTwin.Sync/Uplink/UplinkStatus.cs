namespace EdgeTwin.Sync.Uplink;

/// <summary>
/// A snapshot of the uplink. <see cref="BacklogSamples"/> counts committed samples past the durable cursors (by
/// sequence number, so samples the store dropped are counted too); <see cref="PublishRate"/> is acknowledged
/// samples per second over the last second.
/// </summary>
public readonly record struct UplinkStatus(
    bool Connected,
    long BacklogSamples,
    double OldestUnsentAgeSeconds,
    double PublishRate,
    long PublishedSamples,
    long PublishedMessages,
    long FailedPublishes)
{
    /// <summary>Estimated store bytes of the backlog: its share of the database by sample count.</summary>
    public long BacklogBytes { get; init; }

    /// <summary>Samples the store evicted (disk budget or age) in this process run, forwarded or not.</summary>
    public long EvictedSamples { get; init; }

    /// <summary>Times the link came back after an outage and the backlog was split off as history.</summary>
    public long Reconnects { get; init; }
}
