namespace EdgeTwin.Sync.Compression;

/// <summary>
/// Writes bit fields most-significant-bit first into a caller-sized span. The caller sizes the span with
/// <see cref="BlockCodec.MaxEncodedSize"/>, so running out of room is a programming error, not an input error.
/// </summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _destination;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public BitWriter(Span<byte> destination, int position)
    {
        _destination = destination;
        _position = position;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (1..64).</summary>
    public void Write(ulong value, int count)
    {
        if (count > 56)
        {
            // Keeps pending (< 8) + count within the 64-bit accumulator.
            Write(value >> 32, count - 32);
            count = 32;
        }

        value &= ulong.MaxValue >> (64 - count);
        _pending = (_pending << count) | value;
        _pendingBits += count;
        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            _destination[_position++] = (byte)(_pending >> _pendingBits);
        }
    }

    public void WriteBit(bool bit) => Write(bit ? 1UL : 0UL, 1);

    /// <summary>Pads the last byte with zero bits and returns the number of bytes used from the start of the span.</summary>
    public int Finish()
    {
        if (_pendingBits > 0)
        {
            _destination[_position++] = (byte)(_pending << (8 - _pendingBits));
            _pendingBits = 0;
        }

        return _position;
    }
}
