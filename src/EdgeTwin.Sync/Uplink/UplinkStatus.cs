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
    long FailedPublishes);
