namespace EdgeTwin.Sync.Store;

public enum StoreHealth
{
    Healthy,
    /// <summary>SQLite reported SQLITE_FULL: the disk or the page limit is exhausted. Samples are buffered in memory.</summary>
    DiskFull,
    /// <summary>SQLite reported an I/O error. Samples are buffered in memory and the commit is retried.</summary>
    IoError,
    /// <summary>Any other SQLite failure (corruption, locking); retried like an I/O error.</summary>
    Faulted,
}

/// <summary>A snapshot of the store's counters; every sample that did not reach the disk is in one of them.</summary>
public readonly record struct StoreStatus(
    StoreHealth Health,
    string? LastError,
    long AppendedSamples,
    long CommittedSamples,
    long DroppedSamples,
    long EvictedSamples,
    long Commits,
    long BufferedBytes,
    long DatabaseBytes);
