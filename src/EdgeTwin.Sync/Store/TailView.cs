using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// The tail log's records, kept in memory for every reader of one store and brought up to date by reading only the
/// bytes appended since the last refresh. The uplink polls all channels many times a second and the log is appended
/// every flush interval; re-reading the whole file (with its preallocated space) per commit allocated a large-object
/// buffer each time, which was most of the gateway's steady-state garbage.
/// </summary>
/// <remarks>
/// Readers take a <see cref="TailLease"/>: records [0, count) of one generation's buffer, which refreshes only ever
/// append to. When the log rotates, the previous generation's buffer is kept as a spare and reused at the next
/// rotation once no lease holds it, so a steady state allocates nothing here.
/// </remarks>
internal sealed class TailView(string path)
{
    private const int ReadChunk = 64 * 1024;

    private readonly Lock _lock = new();
    private byte[] _chunk = new byte[ReadChunk];
    private TailBuffer _current = new();
    private TailBuffer? _spare;
    private TailSnapshot? _refreshedFor;

    /// <summary>
    /// The records up to <paramref name="committed"/> (the writer's committed end, when it is in this process), or every
    /// complete record in the file (null: the writer is another process). Dispose the lease when done with the records.
    /// </summary>
    public TailLease Acquire(TailSnapshot? committed)
    {
        lock (_lock)
        {
            // A snapshot is a new object per commit: the same one means nothing was appended since the last refresh.
            if (committed is null || !ReferenceEquals(committed, _refreshedFor))
            {
                Refresh(committed);
                _refreshedFor = committed;
            }

            Interlocked.Increment(ref _current.Users);
            return new TailLease(_current, _current.Count);
        }
    }

    private void Refresh(TailSnapshot? committed)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            SwitchTo(generation: -1);
            return;
        }

        using (handle)
        {
            Span<byte> header = stackalloc byte[TailLog.HeaderLength];
            if (RandomAccess.Read(handle, header, 0) != TailLog.HeaderLength || !TailLog.TryReadHeader(header, out var generation))
            {
                SwitchTo(generation: -1);
                return;
            }

            var fileLength = RandomAccess.GetLength(handle);
            var limit = committed is { } c && c.Generation == generation ? Math.Min(c.Length, fileLength) : fileLength;
            if (generation != _current.Generation)
            {
                SwitchTo(generation);
            }

            ReadAppended(handle, _current, limit);
        }
    }

    /// <summary>
    /// Reads on from the end of the last complete record up to <paramref name="limit"/>, a chunk at a time, and keeps
    /// only the fragments' blocks: every commit is padded to a page, so the file is mostly padding when flushes are small.
    /// </summary>
    private void ReadAppended(SafeFileHandle handle, TailBuffer buffer, long limit)
    {
        if (buffer.Parsed == 0)
        {
            buffer.Parsed = TailLog.HeaderLength; // Checked by the caller.
        }

        while (buffer.Parsed < limit)
        {
            var want = (int)Math.Min(_chunk.Length, limit - buffer.Parsed);
            var read = RandomAccess.Read(handle, _chunk.AsSpan(0, want), buffer.Parsed);
            if (read <= 0)
            {
                return;
            }

            var chunk = _chunk.AsSpan(0, read);
            var position = 0;
            TailParse parse;
            while ((parse = TailLog.Parse(chunk, position, out var record)) is TailParse.Fragment or TailParse.Padding)
            {
                if (parse == TailParse.Fragment)
                {
                    buffer.Add(record.StoreId, record.FirstSequence, chunk.Slice(record.BlockOffset, record.BlockLength));
                }

                position = record.End;
            }

            buffer.Parsed += position;
            if (parse == TailParse.End || read < want)
            {
                return; // The end of the log: zeros, a torn write, or a write still in progress in another process.
            }

            if (position == 0)
            {
                if (read < _chunk.Length)
                {
                    return; // The limit ends inside this record.
                }

                // One record longer than the chunk (blocks of up to BlockCodec.MaxSamples); Parse bounded its length.
                _chunk = new byte[Math.Max(2 * _chunk.Length, 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(chunk))];
            }
        }
    }

    /// <summary>Starts an empty buffer for another generation, reusing the spare when no lease still reads it.</summary>
    private void SwitchTo(long generation)
    {
        if (_current.Generation == generation && generation == -1)
        {
            return;
        }

        var next = _spare is { } spare && Volatile.Read(ref spare.Users) == 0 ? spare : new TailBuffer();
        next.Reset(generation);
        _spare = _current;
        _current = next;
    }
}

/// <summary>The records of one tail generation a reader may use until it disposes the lease.</summary>
internal readonly struct TailLease(TailBuffer buffer, int count) : IDisposable
{
    public int Count => count;

    public TailRecord this[int index] => (uint)index < (uint)count ? Volatile.Read(ref buffer.Records)[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Dispose() => Interlocked.Decrement(ref buffer.Users);
}

/// <summary>One generation's fragment blocks, packed, and their records; only <see cref="TailView"/> writes it, under its lock.</summary>
internal sealed class TailBuffer
{
    public long Generation = -1;
    public TailRecord[] Records = [];
    public int Count;

    /// <summary>Leases that may still read this buffer.</summary>
    public int Users;

    /// <summary>The file offset up to which records are parsed (header included); a refresh reads on from here.</summary>
    public long Parsed;

    // Chunked, not one growing array: a generation holds up to BlockMaxAge of fragments (about a megabyte on the
    // simulated plant), and doubling an array reused across generations left up to twice that resident, and
    // allocated on the large-object heap whenever a generation outgrew the last.
    private readonly ByteArena _bytes = new();

    public void Reset(long generation)
    {
        Generation = generation;
        Count = 0;
        Parsed = 0;
        _bytes.Clear();
        Array.Clear(Records); // Drop references into the arena's previous contents.
    }

    public void Add(int storeId, long firstSequence, ReadOnlySpan<byte> block)
    {
        if (Count == Records.Length)
        {
            // Leases read [0, their count) of whichever array they find, and both hold the same records there.
            var grown = new TailRecord[Math.Max(64, 2 * Records.Length)];
            Records.AsSpan(0, Count).CopyTo(grown);
            Volatile.Write(ref Records, grown);
        }

        Records[Count] = new TailRecord(storeId, firstSequence, _bytes.Copy(block));
        Count++;
    }
}
