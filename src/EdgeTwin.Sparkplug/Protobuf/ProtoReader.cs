using System.Buffers.Binary;

namespace EdgeTwin.Sparkplug.Protobuf;

/// <summary>
/// Reads protobuf fields from a span. Every length is checked against what is left of the input before use, so
/// a hostile length can neither read past the message nor make the reader allocate.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _position;

    public readonly bool End => _position >= _input.Length;

    public (int Field, WireType Type) Tag()
    {
        var tag = Varint();
        var field = tag >> 3;
        if (field is 0 or > 536_870_911)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidTag, $"field number {field} is out of range");
        }

        var type = (WireType)(tag & 7);
        if (type is WireType.StartGroup or WireType.EndGroup or > WireType.Fixed32)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidWireType, $"wire type {(int)type} of field {field} is not supported");
        }

        return ((int)field, type);
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _input.Length)
            {
                throw new SparkplugDecodeException(SparkplugDecodeError.Truncated, "the message ends inside a varint");
            }

            var b = _input[_position++];
            if (shift == 63 && b > 1)
            {
                throw new SparkplugDecodeException(SparkplugDecodeError.InvalidVarint, "a varint overflows 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new SparkplugDecodeException(SparkplugDecodeError.InvalidVarint, "a varint is longer than 10 bytes");
    }

    public double Fixed64Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public float Fixed32Float() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public ReadOnlySpan<byte> LengthDelimited()
    {
        var length = Varint();
        if (length > (ulong)(_input.Length - _position))
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.Truncated, $"a field of {length} bytes exceeds the {_input.Length - _position} bytes left");
        }

        return Take((int)length);
    }

    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                Varint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                LengthDelimited();
                break;
        }
    }

    /// <summary>Checks that a field arrived with the wire type its declaration gives it.</summary>
    public static void Expect(int field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidWireType, $"field {field} has wire type {(int)actual}, expected {(int)expected}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _input.Length - _position)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.Truncated, $"the message ends {count - (_input.Length - _position)} bytes early");
        }

        var slice = _input.Slice(_position, count);
        _position += count;
        return slice;
    }
}
