using System.Buffers.Binary;

namespace EdgeTwin.Protobuf;

/// <summary>
/// Reads one message's fields from the protobuf wire format without allocating. Every length is checked against
/// what is left of the span before use, so a hostile length can neither read past the message nor make a caller
/// allocate; a malformed encoding is returned as a <see cref="ProtoError"/> so the caller can raise its own
/// exception with its own context (field path, error code).
/// </summary>
public ref struct ProtoReader(ReadOnlySpan<byte> buffer)
{
    /// <summary>Protobuf language guide, "Assigning Field Numbers": 1 to 2^29-1.</summary>
    public const int MaxFieldNumber = 536_870_911;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool End => _position >= _buffer.Length;

    public readonly int Position => _position;

    /// <summary>
    /// Reads the next tag. Groups (wire types 3/4) are refused here rather than at skip time: they are
    /// deprecated, neither ONNX nor Sparkplug B uses them, and skipping one would need unbounded nesting.
    /// </summary>
    public ProtoError ReadTag(out int fieldNumber, out WireType wireType)
    {
        fieldNumber = 0;
        wireType = WireType.Varint;
        var error = ReadVarint(out var tag);
        if (error != ProtoError.None)
        {
            return error;
        }

        var number = tag >> 3;
        if (number is 0 or > MaxFieldNumber)
        {
            return ProtoError.BadFieldNumber;
        }

        var type = (WireType)(tag & 7);
        if (type is WireType.StartGroup or WireType.EndGroup)
        {
            return ProtoError.GroupsUnsupported;
        }

        if (type > WireType.Fixed32)
        {
            return ProtoError.BadWireType;
        }

        fieldNumber = (int)number;
        wireType = type;
        return ProtoError.None;
    }

    /// <summary>Base-128 varint, at most 10 bytes; the 10th byte may only carry the top bit of a 64-bit value.</summary>
    public ProtoError ReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                return ProtoError.Truncated;
            }

            var b = _buffer[_position++];
            if (shift == 63 && b > 1)
            {
                return ProtoError.VarintOverflow;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return ProtoError.None;
            }
        }

        return ProtoError.VarintOverflow;
    }

    public ProtoError ReadFixed32(out uint value)
    {
        var error = Take(4, out var bytes);
        value = error == ProtoError.None ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;
        return error;
    }

    public ProtoError ReadFixed64(out ulong value)
    {
        var error = Take(8, out var bytes);
        value = error == ProtoError.None ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : 0;
        return error;
    }

    /// <summary>A length-prefixed field (bytes, string, nested message or packed repeated scalars) as a slice of the input.</summary>
    public ProtoError ReadLengthDelimited(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var error = ReadVarint(out var length);
        if (error != ProtoError.None)
        {
            return error;
        }

        if (length > (ulong)(_buffer.Length - _position))
        {
            return ProtoError.LengthOutOfRange;
        }

        payload = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return ProtoError.None;
    }

    /// <summary>Skips a field the caller does not model, as protobuf requires of unknown fields.</summary>
    public ProtoError Skip(WireType wireType) => wireType switch
    {
        WireType.Varint => ReadVarint(out _),
        WireType.Fixed64 => ReadFixed64(out _),
        WireType.Fixed32 => ReadFixed32(out _),
        WireType.LengthDelimited => ReadLengthDelimited(out _),
        WireType.StartGroup or WireType.EndGroup => ProtoError.GroupsUnsupported,
        _ => ProtoError.BadWireType,
    };

    private ProtoError Take(int count, out ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _position < count)
        {
            bytes = default;
            return ProtoError.Truncated;
        }

        bytes = _buffer.Slice(_position, count);
        _position += count;
        return ProtoError.None;
    }
}
