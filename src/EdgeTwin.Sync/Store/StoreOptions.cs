namespace EdgeTwin.Sync.Store;

/// <summary>Settings of the sample store. The defaults suit a Raspberry Pi with an SD card.</summary>
public sealed class StoreOptions
{
    /// <summary>Folder holding <c>store.db</c> (samples) and <c>events.db</c> (events, alerts, commands).</summary>
    public required string Directory { get; init; }

    /// <summary>Data acquired since the previous commit becomes durable within this interval.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A channel's block is sealed once it holds this many samples (1..<see cref="Compression.BlockCodec.MaxSamples"/>).</summary>
    public int BlockSamples { get; init; } = 1024;

    /// <summary>
    /// A channel's block is sealed once its first sample is this old, so slow channels still form blocks; sealed
    /// blocks go into SQLite in one batch once the oldest waited this long (or 1 MiB / MaxBytes/8 are pending).
    /// Until then their samples are durable in the tail log.
    /// </summary>
    public TimeSpan BlockMaxAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on the sample database (pages in use); the WAL adds at most a few MB on top.</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Blocks whose newest sample is older than this are evicted.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    public StoreFullPolicy FullPolicy { get; init; } = StoreFullPolicy.EvictOldest;

    /// <summary>Samples the acquisition side may queue between two writer passes; beyond it Append drops and counts.</summary>
    public int IngestCapacity { get; init; } = 1 << 16;

    /// <summary>
    /// SQLite's soft heap limit for the process (sqlite3_soft_heap_limit64, "PRAGMA soft_heap_limit"), set when the
    /// store opens: past it SQLite recycles clean cached pages instead of growing its page caches, which otherwise
    /// reach 2 MB per connection (writer, events and each pooled reader). One flush writes a few tens of KB and a
    /// block batch a few hundred, so 1 MiB keeps the B-tree paths they touch cached; measured in docs/benchmarks.md.
    /// </summary>
    public long SqliteHeapLimitBytes { get; init; } = 1L << 20;

    /// <summary>Compressed bytes kept in memory while the disk is full or failing; beyond it new samples are dropped and counted.</summary>
    public long MaxBufferedBytes { get; init; } = 16L << 20;

    /// <summary>
    /// true: every commit is fsynced (survives power loss, at the cost of one page write per flush); false: SQLite
    /// <c>synchronous=NORMAL</c>, commits survive a process crash and the OS flushes the WAL later. See docs/store.md.
    /// </summary>
    public bool SyncEveryFlush { get; init; } = true;

    /// <summary>
    /// SQLite page size for a new database file. 1 KiB packs ~2.5 KB block rows with little slack (4 KiB pages
    /// hold one such row each) and makes each WAL frame smaller; measured in docs/store.md.
    /// </summary>
    public int PageSize { get; init; } = 1024;

    internal string SamplePath => Path.Combine(Directory, "store.db");

    internal string EventPath => Path.Combine(Directory, "events.db");

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory, nameof(Directory));
        Require(FlushInterval > TimeSpan.Zero, nameof(FlushInterval), "must be positive");
        Require(BlockSamples is >= 1 and <= Compression.BlockCodec.MaxSamples, nameof(BlockSamples), $"must be 1..{Compression.BlockCodec.MaxSamples}");
        Require(BlockMaxAge > TimeSpan.Zero, nameof(BlockMaxAge), "must be positive");
        Require(MaxBytes >= 64 * 1024, nameof(MaxBytes), "must be at least 64 KiB");
        Require(MaxAge > TimeSpan.Zero, nameof(MaxAge), "must be positive");
        Require(IngestCapacity >= 16, nameof(IngestCapacity), "must be at least 16");
        Require(MaxBufferedBytes >= 0, nameof(MaxBufferedBytes), "must not be negative");
        Require(SqliteHeapLimitBytes >= 0, nameof(SqliteHeapLimitBytes), "must not be negative (0: no limit)");
        Require(PageSize is 512 or 1024 or 2048 or 4096 or 8192 or 16384 or 32768 or 65536, nameof(PageSize), "must be a power of two in 512..65536");
    }

    private static void Require(bool condition, string key, string reason)
    {
        if (!condition)
        {
            throw new ArgumentException($"store option {key} {reason}", key);
        }
    }
}

/// <summary>What the store does when <see cref="StoreOptions.MaxBytes"/> is reached.</summary>
public enum StoreFullPolicy
{
    /// <summary>Delete the oldest sealed blocks, forwarded or not, and count their samples as evicted.</summary>
    EvictOldest,

    /// <summary>Keep what is stored and drop new samples (counted) until age eviction frees space.</summary>
    DropNewest,
}
