namespace EdgeTwin.Sync.Compression;

/// <summary>
/// Reads bit fields most-significant-bit first. Every read reports whether the input had enough bits, so a
/// truncated or corrupt block ends decoding with a status instead of reading past the span.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public BitReader(ReadOnlySpan<byte> source, int position)
    {
        _source = source;
        _position = position;
    }

    /// <summary>Bytes consumed from the start of the span, counting a partly read byte as consumed.</summary>
    public readonly int Position => _position;

    /// <summary>Bits of the last consumed byte that have not been read.</summary>
    public readonly int UnreadBitsInLastByte => _pendingBits;

    public readonly ulong UnreadBits => _pendingBits == 0 ? 0 : _pending & (ulong.MaxValue >> (64 - _pendingBits));

    /// <summary>Reads <paramref name="count"/> bits (1..64); false if the input ends first.</summary>
    public bool TryRead(int count, out ulong value)
    {
        if (count > 56)
        {
            if (!TryRead(count - 32, out var high) || !TryRead(32, out var low))
            {
                value = 0;
                return false;
            }

            value = (high << 32) | low;
            return true;
        }

        while (_pendingBits < count)
        {
            if (_position >= _source.Length)
            {
                value = 0;
                return false;
            }

            _pending = (_pending << 8) | _source[_position++];
            _pendingBits += 8;
        }

        _pendingBits -= count;
        value = (_pending >> _pendingBits) & (ulong.MaxValue >> (64 - count));
        return true;
    }

    public bool TryReadBit(out bool bit)
    {
        var ok = TryRead(1, out var value);
        bit = value != 0;
        return ok;
    }
}
