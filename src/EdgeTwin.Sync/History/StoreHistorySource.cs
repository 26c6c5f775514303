using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.History;

/// <summary>A sample store as a history source: the gateway's own, or one opened read-only beside it.</summary>
public sealed class StoreHistorySource(IStoredSamples store) : IHistorySource
{
    public IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs) =>
        (uint)channel < (uint)store.ChannelPaths.Count ? store.ReadRange(channel, fromNs, toNs) : [];
}
