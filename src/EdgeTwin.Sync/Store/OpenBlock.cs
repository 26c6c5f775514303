namespace EdgeTwin.Sync.Store;

/// <summary>
/// The block a channel is filling, in memory on the writer thread. Samples [0, Durable) are already committed to
/// the tail log; [Durable, Count) are not durable yet.
/// </summary>
internal sealed class OpenBlock(int storeId, int capacity, long nextSequence)
{
    public readonly long[] Times = new long[capacity];
    public readonly double[] Values = new double[capacity];
    public readonly uint[] Qualities = new uint[capacity];

    public int StoreId { get; } = storeId;

    public int Count { get; private set; }

    public int Durable { get; set; }

    public long FirstSequence { get; private set; } = nextSequence;

    public long NextSequence => FirstSequence + Count;

    public long OpenedAtNs { get; private set; }

    public bool IsFull => Count == Times.Length;

    public void Add(long timestampNs, double value, uint quality, long nowNs)
    {
        if (Count == 0)
        {
            OpenedAtNs = nowNs;
        }

        Times[Count] = timestampNs;
        Values[Count] = value;
        Qualities[Count] = quality;
        Count++;
    }

    public void Reset()
    {
        FirstSequence += Count;
        Count = 0;
        Durable = 0;
    }
}

/// <summary>
/// A sealed, encoded block held in memory until the next block batch is inserted. Its samples are durable
/// meanwhile in the tail log: what was written while the block was open, and <see cref="Remainder"/>, the samples
/// not yet durable when it was sealed, written at the next commit. Payloads live in the writer's
/// <see cref="ByteArena"/> until the batch is in SQLite.
/// </summary>
internal sealed class PendingBlock(int storeId, long firstSequence, int count, long minTime, long maxTime, ReadOnlyMemory<byte> payload,
    int alreadyDurable, long sealedAtNs, TailFragment? remainder)
{
    public int StoreId { get; } = storeId;

    public long FirstSequence { get; } = firstSequence;

    public int Count { get; } = count;

    public long MinTime { get; } = minTime;

    public long MaxTime { get; } = maxTime;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public long SealedAtNs { get; } = sealedAtNs;

    /// <summary>Samples of this block that are committed (as tail fragments).</summary>
    public int Durable { get; set; } = alreadyDurable;

    /// <summary>The part that was not durable at sealing, until a commit writes it to the tail.</summary>
    public TailFragment? Remainder { get; set; } = remainder;
}

/// <summary>An encoded run of a channel's samples for the tail log.</summary>
internal sealed record TailFragment(long FirstSequence, int Count, long MinTime, long MaxTime, ReadOnlyMemory<byte> Payload);
