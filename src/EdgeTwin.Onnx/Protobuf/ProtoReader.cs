using System.Buffers.Binary;

namespace EdgeTwin.Onnx.Protobuf;

/// <summary>
/// Reads one message's fields from the protobuf wire format without allocating. Every read is bounds-checked
/// against the span; a malformed encoding yields <see cref="ProtoError"/> through <c>TryXxx</c> results so the
/// caller can attach the field path to the error it raises.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    public readonly int Position => _position;

    /// <summary>Reads the next tag. Field numbers are 1..2^29-1 (protobuf language guide, "Assigning Field Numbers").</summary>
    public ProtoError ReadTag(out int fieldNumber, out WireType wireType)
    {
        fieldNumber = 0;
        wireType = WireType.Varint;
        var error = ReadVarint(out var tag);
        if (error != ProtoError.None)
        {
            return error;
        }

        if (tag > uint.MaxValue)
        {
            return ProtoError.BadTag;
        }

        var number = (long)(tag >> 3);
        var type = (int)(tag & 7);
        if (number is 0 or > 536_870_911 || type > 5)
        {
            return ProtoError.BadTag;
        }

        fieldNumber = (int)number;
        wireType = (WireType)type;
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
        if (_buffer.Length - _position < 4)
        {
            value = 0;
            return ProtoError.Truncated;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return ProtoError.None;
    }

    public ProtoError ReadFixed64(out ulong value)
    {
        if (_buffer.Length - _position < 8)
        {
            value = 0;
            return ProtoError.Truncated;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return ProtoError.None;
    }

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

    /// <summary>Skips a field this reader does not model. Groups (wire types 3/4) are deprecated and not used by ONNX.</summary>
    public ProtoError Skip(WireType wireType) => wireType switch
    {
        WireType.Varint => ReadVarint(out _),
        WireType.Fixed64 => ReadFixed64(out _),
        WireType.Fixed32 => ReadFixed32(out _),
        WireType.LengthDelimited => ReadLengthDelimited(out _),
        _ => ProtoError.GroupsUnsupported,
    };
}

internal enum ProtoError
{
    None,
    Truncated,
    VarintOverflow,
    BadTag,
    LengthOutOfRange,
    GroupsUnsupported,
}
