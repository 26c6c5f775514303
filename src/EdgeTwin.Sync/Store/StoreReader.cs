using System.Buffers;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Reads committed samples: sealed blocks from SQLite on a pooled connection, then the tail log for what is not
/// sealed yet (<paramref name="committedTail"/> null: a read-only reader in another process, which reads every complete
/// record of the file on each call). The tail log is read first: it is replaced only after the blocks holding its samples are
/// committed, so whichever file the reader opens, the blocks read afterwards cover the rest. Samples present in
/// both are emitted once, as the reader only emits strictly increasing sequence numbers.
/// </summary>
internal sealed class StoreReader(string connectionString, int[] storeIds, string tailPath, Func<TailSnapshot>? committedTail, ILogger logger)
{
    private const string BlocksAfter = """
        SELECT first_seq, count, payload FROM block
         WHERE channel = $c AND first_seq > $lo AND first_seq + count - 1 > $after ORDER BY first_seq
        """;

    private const string BlocksBetween = """
        SELECT first_seq, count, payload FROM block
         WHERE channel = $c AND t_last >= $from AND t_first <= $to ORDER BY first_seq
        """;

    private readonly Lock _tailLock = new();
    private TailSnapshot? _cachedSnapshot;
    private List<TailRecord> _cachedTail = [];

    public int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination)
    {
        var storeId = StoreId(channel);
        if (destination.IsEmpty)
        {
            return 0;
        }

        var tail = TailRecords();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var buffers = new DecodeBuffers();
        var written = 0;
        var last = afterSequence;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = BlocksAfter;
            command.Parameters.AddWithValue("$c", storeId);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$lo", afterSequence > long.MinValue + BlockCodec.MaxSamples ? afterSequence - BlockCodec.MaxSamples : long.MinValue);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var first = reader.GetInt64(0);
                var count = buffers.Decode(reader, logger, storeId, first);
                if (Copy(buffers, first, count, ref last, destination, ref written))
                {
                    return written;
                }
            }
        }

        foreach (var record in tail)
        {
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

    /// <summary>
    /// The tail log's committed records, read once per committed snapshot and shared by every channel and call:
    /// the uplink polls all channels many times a second, and reading the whole file (up to 1 MiB) per call made
    /// it allocate and copy hundreds of megabytes per second. The list is never modified once published, so
    /// callers use it without the lock. A snapshot can only lag the file (a newer generation replaces the file
    /// only after its samples are committed as blocks), so reading blocks afterwards still covers everything.
    /// </summary>
    private List<TailRecord> TailRecords()
    {
        if (committedTail is null)
        {
            return TailLog.Read(tailPath, committed: null, storeId: null);
        }

        var snapshot = committedTail();
        lock (_tailLock)
        {
            if (_cachedSnapshot != snapshot)
            {
                _cachedTail = TailLog.Read(tailPath, snapshot, storeId: null);
                _cachedSnapshot = snapshot;
            }

            return _cachedTail;
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
        var tail = TailRecords();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var buffers = new DecodeBuffers();
        var last = 0L;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = BlocksBetween;
            command.Parameters.AddWithValue("$c", storeId);
            command.Parameters.AddWithValue("$from", fromNs);
            command.Parameters.AddWithValue("$to", toNs);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var first = reader.GetInt64(0);
                var count = buffers.Decode(reader, logger, storeId, first);
                for (var i = 0; i < count; i++)
                {
                    if (Take(buffers, i, first + i, fromNs, toNs, ref last))
                    {
                        yield return buffers.Sample(i, first + i);
                    }
                }
            }
        }

        foreach (var record in tail)
        {
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

    /// <summary>Pooled decode buffers for one query; blocks are at most <see cref="BlockCodec.MaxSamples"/> samples.</summary>
    private sealed class DecodeBuffers : IDisposable
    {
        private byte[] _payload = ArrayPool<byte>.Shared.Rent(4096);

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
                var times = Times;
                var values = Values;
                var qualities = Qualities;
                Grow(ref times, count, ArrayPool<long>.Shared);
                Grow(ref values, count, ArrayPool<double>.Shared);
                Grow(ref qualities, count, ArrayPool<uint>.Shared);
                (Times, Values, Qualities) = (times, values, qualities);
                status = BlockCodec.TryDecode(block, times, values, qualities, out count);
            }

            if (status != BlockDecodeStatus.Ok)
            {
                logger.LogWarning("Tail fragment of channel {Channel} at sequence {Seq} is unreadable ({Status}); skipped", storeId, firstSequence, status);
                return 0;
            }

            return count;
        }

        /// <summary>Decodes the row's payload (column 2); a corrupt block is logged and yields no samples.</summary>
        public int Decode(SqliteDataReader reader, ILogger logger, int storeId, long firstSequence)
        {
            var declared = reader.GetInt64(1);
            var length = reader.GetBytes(2, 0, null, 0, 0);
            if (declared is < 1 or > BlockCodec.MaxSamples || length > BlockCodec.MaxEncodedSize(BlockCodec.MaxSamples))
            {
                logger.LogWarning("Store block of channel {Channel} at sequence {Seq} has an impossible size; skipped", storeId, firstSequence);
                return 0;
            }

            Grow(ref _payload, (int)length, ArrayPool<byte>.Shared);
            reader.GetBytes(2, 0, _payload, 0, (int)length);
            var count = (int)declared;
            var times = Times;
            var values = Values;
            var qualities = Qualities;
            Grow(ref times, count, ArrayPool<long>.Shared);
            Grow(ref values, count, ArrayPool<double>.Shared);
            Grow(ref qualities, count, ArrayPool<uint>.Shared);
            (Times, Values, Qualities) = (times, values, qualities);
            var status = BlockCodec.TryDecode(_payload.AsSpan(0, (int)length), times, values, qualities, out var decoded);
            if (status != BlockDecodeStatus.Ok || decoded != count)
            {
                logger.LogWarning("Store block of channel {Channel} at sequence {Seq} is unreadable ({Status}); skipped", storeId, firstSequence, status);
                return 0;
            }

            return count;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_payload);
            ArrayPool<long>.Shared.Return(Times);
            ArrayPool<double>.Shared.Return(Values);
            ArrayPool<uint>.Shared.Return(Qualities);
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
