using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.History;

/// <summary>Durable history older than the in-memory rings: the sample store's reader.</summary>
public interface IHistorySource
{
    /// <summary>The channel's samples with <paramref name="fromNs"/> ≤ time ≤ <paramref name="toNs"/>, in time order.</summary>
    IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs);
}
