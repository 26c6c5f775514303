namespace EdgeTwin.Sync.Store;

/// <summary>
/// Copies of many small byte runs that are all released together: packed into reused 64 KiB chunks, so a steady
/// state allocates nothing and nothing lands on the large-object heap. The store writer keeps sealed-block payloads
/// here until their batch is in SQLite (hundreds of buffers held at once and released together, which a general pool
/// serves badly), and each tail view generation keeps its fragments here. Not thread-safe: one writer at a time.
/// </summary>
internal sealed class ByteArena
{
    /// <summary>Below the large-object threshold, and larger than a compressed 1024-sample block.</summary>
    private const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>A copy of <paramref name="bytes"/>, valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ChunkBytes)
        {
            return bytes.ToArray(); // Only with very large configured blocks; not worth a chunk size class.
        }

        if (_chunk == _chunks.Count || _used + bytes.Length > ChunkBytes)
        {
            if (_chunk < _chunks.Count && _used > 0)
            {
                _chunk++;
            }

            if (_chunk == _chunks.Count)
            {
                _chunks.Add(new byte[ChunkBytes]);
            }

            _used = 0;
        }

        var chunk = _chunks[_chunk];
        bytes.CopyTo(chunk.AsSpan(_used));
        var copy = new ReadOnlyMemory<byte>(chunk, _used, bytes.Length);
        _used += bytes.Length;
        return copy;
    }

    /// <summary>Releases every copy; the chunks are kept for the next use. Nothing may read an earlier copy after this.</summary>
    public void Clear()
    {
        _chunk = 0;
        _used = 0;
    }
}
