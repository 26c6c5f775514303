using System.Buffers;

namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A growable encoder sink over <see cref="ArrayPool{T}"/> buffers, bounded by a maximum size.</summary>
public sealed class PooledBuffer : IEncoderSink, IDisposable
{
    private readonly int _maxSize;
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialSize, int maxSize = int.MaxValue)
    {
        _maxSize = maxSize;
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>The span to hand to a new encoder; continue with <see cref="Advance"/>.</summary>
    public Span<byte> FreeSpan => _array.AsSpan(_length);

    public void Reset() => _length = 0;

    public Span<byte> Advance(int written, int sizeHint)
    {
        _length += written;
        var needed = (long)_length + Math.Max(1, sizeHint);
        if (needed > _maxSize)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "encoded value exceeds " + _maxSize + " bytes");
        }

        if (needed > _array.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(_maxSize, Math.Max(needed, (long)_array.Length * 2)));
            _array.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_array);
            _array = grown;
        }

        return _array.AsSpan(_length);
    }

    /// <summary>Hands the pooled array (written bytes first) to the caller, who returns it to the pool.</summary>
    public byte[] Detach()
    {
        var array = _array;
        _array = [];
        _length = 0;
        return array;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
