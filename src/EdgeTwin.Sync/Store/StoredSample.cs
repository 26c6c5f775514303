using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// A sample read back from the store. <see cref="Sequence"/> is per channel, starts at 1 and strictly increases
/// per sample (never reused, gaps where samples were dropped or evicted): the uplink's cursor and the consumers'
/// de-duplication key.
/// </summary>
public readonly record struct StoredSample(long Sequence, long TimestampNs, double Value, Quality Quality);
