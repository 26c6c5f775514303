namespace EdgeTwin.Sync.Store;

/// <summary>
/// Memory for the encoded payloads of sealed blocks waiting for the next batch insert. Blocks are sealed several times
/// a second and all of them are released together when the batch is committed, so payloads are packed into reused
/// chunks and <see cref="Clear"/> releases them at once: no array per block, and none for the garbage collector. A
/// general pool fits badly here, as a batch holds hundreds of buffers at once (BlockMaxAge of data) and returns them
/// together. Used by the writer thread only.
/// </summary>
internal sealed class PendingArena
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

    /// <summary>Releases every copy; the chunks are kept for the next batch.</summary>
    public void Clear()
    {
        _chunk = 0;
        _used = 0;
    }
}
