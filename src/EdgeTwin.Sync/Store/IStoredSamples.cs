namespace EdgeTwin.Sync.Store;

/// <summary>Committed samples by channel: what readers (export, history queries) need from a store, writable or not.</summary>
public interface IStoredSamples
{
    /// <summary>Twin paths by channel id, as configured.</summary>
    IReadOnlyList<string> ChannelPaths { get; }

    /// <summary>Committed samples of a channel with a sequence number above <paramref name="afterSequence"/>, in order.</summary>
    int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination);

    /// <summary>Committed samples of a channel with <paramref name="fromNs"/> ≤ time ≤ <paramref name="toNs"/>, in sequence order.</summary>
    IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs);
}
