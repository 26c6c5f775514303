using System.Buffers;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Reads committed samples: sealed blocks from SQLite, then the tail log for what is not sealed yet
/// (<paramref name="committedTail"/> null: a read-only reader in another process, which reads every complete record
/// of the file). The tail log is read first: it is replaced only after the blocks holding its samples are committed,
/// so whichever file the reader sees, the blocks read afterwards cover the rest. Samples present in both are emitted
/// once, as the reader only emits strictly increasing sequence numbers.
/// </summary>
/// <remarks>
/// The uplink reads every channel many times a second, so a read allocates nothing in steady state: the tail log is
/// read incrementally (<see cref="TailView"/>), and connections, prepared statements and decode buffers are pooled
/// per concurrent reader (<see cref="ReadSession"/>).
/// </remarks>
internal sealed class StoreReader(string connectionString, int[] storeIds, string tailPath, Func<TailSnapshot>? committedTail, ILogger logger)
    : IDisposable
{
    /// <summary>Sessions kept for reuse; more concurrent readers than this open extra ones and close them after.</summary>
    private const int PooledSessions = 4;

    private readonly TailView _tail = new(tailPath);
    private readonly Lock _sessionsLock = new();
    private readonly Stack<ReadSession> _sessions = new(PooledSessions);
    private bool _disposed;

    public int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination)
    {
        var storeId = StoreId(channel);
        if (destination.IsEmpty)
        {
            return 0;
        }

        using var tail = _tail.Acquire(committedTail?.Invoke());
        var session = RentSession();
        try
        {
            var buffers = session.Buffers;
            var written = 0;
            var last = afterSequence;
            var blocks = session.BlocksAfter(storeId, afterSequence);
            try
            {
                while (blocks.Step())
                {
                    var first = blocks.Int64(0);
                    var count = buffers.Decode(blocks, logger, storeId, first);
                    if (Copy(buffers, first, count, ref last, destination, ref written))
                    {
                        return written;
                    }
                }
            }
            finally
            {
                blocks.Reset();
            }

            for (var i = 0; i < tail.Count; i++)
            {
                var record = tail[i];
                if (record.StoreId != storeId)
                {
                    continue;
                }

                var count = buffers.Decode(record.Block.Span, logger, storeId, record.FirstSequence);
                if (Copy(buffers, record.FirstSequence, count, ref last, destination, ref written))
                {
                    break;
                }
            }

            return written;
        }
        finally
        {
            ReturnSession(session);
        }
    }

    /// <summary>Copies decoded samples above <paramref name="last"/>; true when the destination is full.</summary>
    private static bool Copy(DecodeBuffers buffers, long first, int count, ref long last, Span<StoredSample> destination, ref int written)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = first + i;
            if (sequence <= last)
            {
                continue;
            }

            destination[written++] = buffers.Sample(i, sequence);
            last = sequence;
            if (written == destination.Length)
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs)
    {
        var storeId = StoreId(channel);
        return fromNs > toNs ? [] : Iterate(storeId, fromNs, toNs);
    }

    private IEnumerable<StoredSample> Iterate(int storeId, long fromNs, long toNs)
    {
        using var tail = _tail.Acquire(committedTail?.Invoke());
        var session = RentSession();
        try
        {
            var buffers = session.Buffers;
            var last = 0L;
            var blocks = session.BlocksBetween(storeId, fromNs, toNs);
            try
            {
                while (blocks.Step())
                {
                    var first = blocks.Int64(0);
                    var count = buffers.Decode(blocks, logger, storeId, first);
                    for (var i = 0; i < count; i++)
                    {
                        if (Take(buffers, i, first + i, fromNs, toNs, ref last))
                        {
                            yield return buffers.Sample(i, first + i);
                        }
                    }
                }
            }
            finally
            {
                blocks.Reset();
            }

            for (var r = 0; r < tail.Count; r++)
            {
                var record = tail[r];
                if (record.StoreId != storeId)
                {
                    continue;
                }

                var count = buffers.Decode(record.Block.Span, logger, storeId, record.FirstSequence);
                for (var i = 0; i < count; i++)
                {
                    if (Take(buffers, i, record.FirstSequence + i, fromNs, toNs, ref last))
                    {
                        yield return buffers.Sample(i, record.FirstSequence + i);
                    }
                }
            }
        }
        finally
        {
            ReturnSession(session);
        }
    }

    private static bool Take(DecodeBuffers buffers, int i, long sequence, long fromNs, long toNs, ref long last)
    {
        var time = buffers.Times[i];
        if (sequence <= last || time < fromNs || time > toNs)
        {
            return false;
        }

        last = sequence;
        return true;
    }

    /// <summary>The channel's id in the database; −1 (matches nothing) for a channel a read-only store has never seen.</summary>
    private int StoreId(int channel) => (uint)channel < (uint)storeIds.Length
        ? storeIds[channel]
        : throw new ArgumentOutOfRangeException(nameof(channel), channel, "no such channel in this configuration");

    private ReadSession RentSession()
    {
        lock (_sessionsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_sessions.TryPop(out var pooled))
            {
                return pooled;
            }
        }

        return new ReadSession(connectionString);
    }

    private void ReturnSession(ReadSession session)
    {
        lock (_sessionsLock)
        {
            if (!_disposed && _sessions.Count < PooledSessions)
            {
                _sessions.Push(session);
                return;
            }
        }

        session.Dispose();
    }

    /// <summary>Closes the pooled sessions; a read still running closes its own when it ends.</summary>
    public void Dispose()
    {
        lock (_sessionsLock)
        {
            _disposed = true;
            while (_sessions.TryPop(out var session))
            {
                session.Dispose();
            }
        }
    }

    /// <summary>One reader's connection, prepared statements and decode buffers.</summary>
    private sealed class ReadSession : IDisposable
    {
        /// <summary>How long a read waits out a lock (a checkpoint or recovery in progress) before it fails.</summary>
        private const int BusyTimeoutMs = 30_000;

        private readonly SqliteConnection _connection;
        private readonly SqliteStatement _after;
        private readonly SqliteStatement _between;

        public ReadSession(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            try
            {
                _connection.Open();
                SQLitePCL.raw.sqlite3_busy_timeout(_connection.Handle, BusyTimeoutMs);
                _after = new SqliteStatement(_connection, """
                    SELECT first_seq, count, payload FROM block
                     WHERE channel = ?1 AND first_seq > ?2 AND first_seq + count - 1 > ?3 ORDER BY first_seq
                    """);
                _between = new SqliteStatement(_connection, """
                    SELECT first_seq, count, payload FROM block
                     WHERE channel = ?1 AND t_last >= ?2 AND t_first <= ?3 ORDER BY first_seq
                    """);
            }
            catch
            {
                _after?.Dispose();
                _connection.Dispose();
                throw;
            }
        }

        public DecodeBuffers Buffers { get; } = new();

        /// <summary>Blocks holding sequence numbers above <paramref name="after"/>; a block holds at most <see cref="BlockCodec.MaxSamples"/>, which bounds the index range.</summary>
        public SqliteStatement BlocksAfter(int storeId, long after)
        {
            var lo = after > long.MinValue + BlockCodec.MaxSamples ? after - BlockCodec.MaxSamples : long.MinValue;
            return Bind(_after, storeId, lo, after);
        }

        public SqliteStatement BlocksBetween(int storeId, long fromNs, long toNs) => Bind(_between, storeId, fromNs, toNs);

        public void Dispose()
        {
            _after.Dispose();
            _between.Dispose();
            _connection.Dispose();
            Buffers.Dispose();
        }

        private static SqliteStatement Bind(SqliteStatement statement, int storeId, long a, long b)
        {
            statement.Bind(1, storeId);
            statement.Bind(2, a);
            statement.Bind(3, b);
            return statement;
        }
    }

    /// <summary>Pooled decode buffers for one query; blocks are at most <see cref="BlockCodec.MaxSamples"/> samples.</summary>
    private sealed class DecodeBuffers : IDisposable
    {
        public long[] Times { get; private set; } = ArrayPool<long>.Shared.Rent(1024);

        public double[] Values { get; private set; } = ArrayPool<double>.Shared.Rent(1024);

        public uint[] Qualities { get; private set; } = ArrayPool<uint>.Shared.Rent(1024);

        public StoredSample Sample(int i, long sequence) => new(sequence, Times[i], Values[i], new Quality(Qualities[i]));

        /// <summary>Decodes a tail log fragment; a corrupt one is logged and yields no samples.</summary>
        public int Decode(ReadOnlySpan<byte> block, ILogger logger, int storeId, long firstSequence)
        {
            var status = BlockCodec.TryReadCount(block, out var count);
            if (status == BlockDecodeStatus.Ok)
            {
                status = DecodeBlock(block, count, out count);
            }

            if (status != BlockDecodeStatus.Ok)
            {
                logger.LogWarning("Tail fragment of channel {Channel} at sequence {Seq} is unreadable ({Status}); skipped", storeId, firstSequence, status);
                return 0;
            }

            return count;
        }

        /// <summary>Decodes the row's payload (column 2) where SQLite holds it; a corrupt block is logged and yields no samples.</summary>
        public int Decode(SqliteStatement row, ILogger logger, int storeId, long firstSequence)
        {
            var declared = row.Int64(1);
            var payload = row.Blob(2);
            if (declared is < 1 or > BlockCodec.MaxSamples || payload.Length > BlockCodec.MaxEncodedSize(BlockCodec.MaxSamples))
            {
                logger.LogWarning("Store block of channel {Channel} at sequence {Seq} has an impossible size; skipped", storeId, firstSequence);
                return 0;
            }

            var status = DecodeBlock(payload, (int)declared, out var decoded);
            if (status != BlockDecodeStatus.Ok || decoded != declared)
            {
                logger.LogWarning("Store block of channel {Channel} at sequence {Seq} is unreadable ({Status}); skipped", storeId, firstSequence, status);
                return 0;
            }

            return decoded;
        }

        public void Dispose()
        {
            ArrayPool<long>.Shared.Return(Times);
            ArrayPool<double>.Shared.Return(Values);
            ArrayPool<uint>.Shared.Return(Qualities);
        }

        /// <summary>Decodes into the buffers, grown first to hold <paramref name="count"/> samples.</summary>
        private BlockDecodeStatus DecodeBlock(ReadOnlySpan<byte> block, int count, out int decoded)
        {
            var times = Times;
            var values = Values;
            var qualities = Qualities;
            Grow(ref times, count, ArrayPool<long>.Shared);
            Grow(ref values, count, ArrayPool<double>.Shared);
            Grow(ref qualities, count, ArrayPool<uint>.Shared);
            (Times, Values, Qualities) = (times, values, qualities);
            return BlockCodec.TryDecode(block, times, values, qualities, out decoded);
        }

        private static void Grow<T>(ref T[] array, int size, ArrayPool<T> pool)
        {
            if (array.Length < size)
            {
                pool.Return(array);
                array = pool.Rent(size);
            }
        }
    }
}
