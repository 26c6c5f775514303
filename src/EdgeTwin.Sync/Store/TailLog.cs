using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using EdgeTwin.Sync.Compression;
using Microsoft.Win32.SafeHandles;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// The append-only file (<c>store.tail</c>) that makes samples durable between block batches: each flush appends
/// one write of CRC-framed fragments (and fsyncs it when <see cref="StoreOptions.SyncEveryFlush"/>), so a flush
/// costs about the bytes it adds — not the 3–4 rewritten B-tree pages an SQLite insert costs (docs/store.md).
/// When the sealed blocks go into SQLite, the log is rotated: the still-open blocks are written to
/// <c>store.tail.next</c>, the blocks are committed, then the new file replaces the old one by rename.
/// </summary>
/// <remarks>
/// Layout: 8-byte magic, 8-byte generation (little-endian), then records
/// <c>u32 length, u32 CRC-32C(payload), payload = varint store channel id, varint first sequence, block</c>.
/// A reader stops at the first record that is short, too long or fails its CRC: that is a torn last write.
/// <para>
/// Every commit starts on a page boundary and is padded to the next one with a padding record (first sequence 0,
/// which no fragment has; all zero bytes), inside space preallocated with <c>posix_fallocate</c>. So a flush writes only whole
/// pages it has not written before: it never re-dirties the partly filled page of the previous flush (measured:
/// 7.1 KB written per 3 KB append+fsync unaligned, 4.1 KB aligned into preallocated space; docs/store.md), a torn
/// write can never damage records committed earlier, and the file's size does not change on most flushes. The
/// preallocated tail reads as zeros, which ends the log like a torn record does.
/// </para>
/// </remarks>
internal sealed partial class TailLog : IDisposable
{
    public const int HeaderLength = 16;

    /// <summary>Commits are aligned to this; the usual page size (and ext4 block size) on the devices we target.</summary>
    public const int PageBytes = 4096;

    private const ulong PaddingSequence = 0;
    private const int PreallocateBytes = 256 * 1024;
    public static readonly int MaxRecordLength = (2 * Varint.MaxLength) + BlockCodec.MaxEncodedSize(BlockCodec.MaxSamples);
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("ETTAIL01"u8);

    private readonly SafeFileHandle _handle;
    private readonly bool _sync;
    // Rented: a log lives for one generation (about BlockMaxAge), and every rotation creates the next one.
    private byte[] _staged = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _stagedLength;
    private long _length;
    private long _allocated;
    private volatile TailSnapshot _committed;

    private TailLog(string path, SafeFileHandle handle, long generation, long length, bool sync)
    {
        Path = path;
        _handle = handle;
        Generation = generation;
        _length = length;
        _sync = sync;
        _committed = new TailSnapshot(generation, length);
    }

    public string Path { get; private set; }

    public long Generation { get; }

    /// <summary>Generation and length of what is committed; readers never look past it.</summary>
    public TailSnapshot Committed => _committed;

    public bool HasStaged => _stagedLength > 0;

    /// <summary>Creates (or truncates) a log file with its header page, on disk before this returns.</summary>
    public static TailLog Create(string path, long generation, bool sync)
    {
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var log = new TailLog(path, handle, generation, 0, sync);
        try
        {
            log._allocated = Preallocate(handle, 0, PreallocateBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(log._staged, Magic);
            BinaryPrimitives.WriteInt64LittleEndian(log._staged.AsSpan(8), generation);
            log._stagedLength = HeaderLength;
            log.Commit();
            return log;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Stages one fragment for the next <see cref="Commit"/>.</summary>
    public void Stage(int storeId, long firstSequence, ReadOnlySpan<byte> block)
    {
        var needed = _stagedLength + 8 + (2 * Varint.MaxLength) + block.Length;
        GrowStaged(needed);

        var start = _stagedLength;
        var position = start + 8;
        position += Varint.Write(_staged.AsSpan(position), (ulong)storeId);
        position += Varint.Write(_staged.AsSpan(position), (ulong)firstSequence);
        block.CopyTo(_staged.AsSpan(position));
        position += block.Length;
        var payload = _staged.AsSpan(start + 8, position - start - 8);
        BinaryPrimitives.WriteUInt32LittleEndian(_staged.AsSpan(start), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_staged.AsSpan(start + 4), Crc32C(payload));
        _stagedLength = position;
    }

    /// <summary>
    /// Writes everything staged in one call at the committed end. On failure nothing counts as written: the
    /// caller stages again whatever is still not durable, and the next commit overwrites the torn bytes.
    /// </summary>
    public void Commit()
    {
        if (_stagedLength == 0)
        {
            return;
        }

        PadToPage();
        var length = _stagedLength;
        _stagedLength = 0;
        if (_length + length > _allocated)
        {
            _allocated = Preallocate(_handle, _allocated, Math.Max(PreallocateBytes, _length + length - _allocated));
        }

        RandomAccess.Write(_handle, _staged.AsSpan(0, length), _length);
        if (_sync)
        {
            RandomAccess.FlushToDisk(_handle);
        }

        _length += length;
        _committed = new TailSnapshot(Generation, _length);
    }

    public void Discard() => _stagedLength = 0;

    /// <summary>Ends the staged bytes on a page boundary with a padding record (at least its 8-byte frame and 2 zero varints).</summary>
    private void PadToPage()
    {
        var end = _length + _stagedLength;
        var gap = (int)((PageBytes - (end % PageBytes)) % PageBytes);
        if (gap == 0)
        {
            return;
        }

        if (gap < 10)
        {
            gap += PageBytes;
        }

        GrowStaged(_stagedLength + gap);

        var record = _staged.AsSpan(_stagedLength, gap);
        record.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(gap - 8));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C(record[8..]));
        _stagedLength += gap;
    }

    /// <summary>
    /// Reserves disk blocks for the next appends, so flushes write into allocated space (no block allocation or file
    /// size change to journal). Best effort: where the file system or C library cannot, appends simply extend the file.
    /// </summary>
    private static long Preallocate(SafeFileHandle handle, long offset, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return long.MaxValue;
        }

        var fd = (int)handle.DangerousGetHandle();
        try
        {
            // The 64-bit-offset entry point: on 32-bit ARM (Raspberry Pi OS armhf) plain posix_fallocate takes a
            // 32-bit off_t. musl ≥ 1.2.4 dropped the *64 names; there off_t is always 64-bit.
            return posix_fallocate64(fd, offset, length) == 0 ? offset + length : long.MaxValue;
        }
        catch (EntryPointNotFoundException)
        {
            return posix_fallocate(fd, offset, length) == 0 ? offset + length : long.MaxValue;
        }
        catch (DllNotFoundException)
        {
            return long.MaxValue;
        }
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int posix_fallocate64(int fd, long offset, long length);

    [LibraryImport("libc", SetLastError = false)]
    private static partial int posix_fallocate(int fd, long offset, long length);

    /// <summary>Atomically replaces <paramref name="path"/> with this file (rename(2)); appends continue on the same handle.</summary>
    public void Promote(string path)
    {
        File.Move(Path, path, overwrite: true);
        Path = path;
    }

    public void Dispose()
    {
        _handle.Dispose();
        var staged = _staged;
        _staged = [];
        _stagedLength = 0;
        if (staged.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(staged);
        }
    }

    private void GrowStaged(int needed)
    {
        if (needed <= _staged.Length)
        {
            return;
        }

        var grown = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(needed, _staged.Length * 2));
        _staged.AsSpan(0, _stagedLength).CopyTo(grown);
        System.Buffers.ArrayPool<byte>.Shared.Return(_staged);
        _staged = grown;
    }

    /// <summary>The generation in the header of the file at <paramref name="path"/>, 0 if there is none.</summary>
    public static long ReadGeneration(string path)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.Read(handle, header, 0) == HeaderLength && TryReadHeader(header, out var generation) ? generation : 0;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The generation in a log's first <see cref="HeaderLength"/> bytes; false when they are not a tail log header.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out long generation)
    {
        generation = 0;
        if (header.Length < HeaderLength || BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic)
        {
            return false;
        }

        generation = Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(header[8..]));
        return true;
    }

    /// <summary>Valid records of the file at <paramref name="path"/> up to the committed length (whole file if it is a later generation).</summary>
    public static List<TailRecord> Read(string path, TailSnapshot? committed, int? storeId)
    {
        var records = new List<TailRecord>();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return records;
        }

        if (!TryReadHeader(bytes, out var generation))
        {
            return records;
        }

        var limit = committed is { } c && c.Generation == generation ? Math.Min(c.Length, bytes.Length) : bytes.Length;
        var position = HeaderLength;
        TailParse parse;
        while ((parse = Parse(bytes.AsSpan(0, (int)limit), position, out var record)) is TailParse.Fragment or TailParse.Padding)
        {
            if (parse == TailParse.Fragment && (storeId is null || storeId == record.StoreId))
            {
                records.Add(new TailRecord(record.StoreId, record.FirstSequence, bytes.AsMemory(record.BlockOffset, record.BlockLength)));
            }

            position = record.End;
        }

        return records;
    }

    /// <summary>
    /// Reads the record at <paramref name="position"/> of <paramref name="log"/> (the file's bytes from offset 0).
    /// <see cref="TailParse.Incomplete"/>: the bytes end inside the record, which more bytes may complete;
    /// <see cref="TailParse.End"/>: the log ends here (preallocated zeros, a torn write or damage).
    /// </summary>
    public static TailParse Parse(ReadOnlySpan<byte> log, int position, out ParsedTailRecord record)
    {
        record = default;
        if (position + 8 > log.Length)
        {
            return TailParse.Incomplete;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(log[position..]);
        if (length == 0 || length > MaxRecordLength)
        {
            // Zero: the preallocated, never written rest of the file.
            return TailParse.End;
        }

        if (length > log.Length - position - 8)
        {
            return TailParse.Incomplete;
        }

        var payload = log.Slice(position + 8, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(log[(position + 4)..]) != Crc32C(payload))
        {
            return TailParse.End;
        }

        var p = 0;
        if (!Varint.TryRead(payload, ref p, out var id, out _) || !Varint.TryRead(payload, ref p, out var first, out _)
            || id > int.MaxValue || first > long.MaxValue)
        {
            return TailParse.End;
        }

        record = new ParsedTailRecord((int)id, (long)first, position + 8 + p, (int)length - p, position + 8 + (int)length);
        return first == PaddingSequence ? TailParse.Padding : TailParse.Fragment;
    }

    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}

/// <summary>What of the tail log is committed: its generation and length in bytes.</summary>
internal sealed record TailSnapshot(long Generation, long Length);

/// <summary>What <see cref="TailLog.Parse"/> found at a position.</summary>
internal enum TailParse
{
    Fragment,
    Padding,
    Incomplete,
    End,
}

/// <summary>A record's fields as offsets into the log: its block is <c>[BlockOffset, BlockOffset + BlockLength)</c>; the next record starts at <c>End</c>.</summary>
internal readonly record struct ParsedTailRecord(int StoreId, long FirstSequence, int BlockOffset, int BlockLength, int End);

/// <summary>One fragment read back from the tail log.</summary>
internal readonly record struct TailRecord(int StoreId, long FirstSequence, ReadOnlyMemory<byte> Block);
