using EdgeTwin.Protobuf;

namespace EdgeTwin.Sparkplug;

/// <summary>
/// The wire reads <see cref="SparkplugPayloadReader"/> needs, over the shared <see cref="ProtoReader"/>, with each
/// <see cref="ProtoError"/> raised as the <see cref="SparkplugDecodeException"/> callers of this library catch.
/// </summary>
internal ref struct SparkplugFieldReader(ReadOnlySpan<byte> input)
{
    private ProtoReader _reader = new(input);

    public readonly bool End => _reader.End;

    public (int Field, WireType Type) Tag()
    {
        Check(_reader.ReadTag(out var field, out var type));
        return (field, type);
    }

    public ulong Varint()
    {
        Check(_reader.ReadVarint(out var value));
        return value;
    }

    public double Fixed64Double()
    {
        Check(_reader.ReadFixed64(out var bits));
        return BitConverter.UInt64BitsToDouble(bits);
    }

    public float Fixed32Float()
    {
        Check(_reader.ReadFixed32(out var bits));
        return BitConverter.UInt32BitsToSingle(bits);
    }

    public ReadOnlySpan<byte> LengthDelimited()
    {
        Check(_reader.ReadLengthDelimited(out var payload));
        return payload;
    }

    public void Skip(WireType type) => Check(_reader.Skip(type));

    /// <summary>Checks that a field arrived with the wire type its declaration gives it.</summary>
    public static void Expect(int field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidWireType, $"field {field} has wire type {(int)actual}, expected {(int)expected}");
        }
    }

    private readonly void Check(ProtoError error)
    {
        if (error == ProtoError.None)
        {
            return;
        }

        var code = error switch
        {
            ProtoError.Truncated or ProtoError.LengthOutOfRange => SparkplugDecodeError.Truncated,
            ProtoError.VarintOverflow => SparkplugDecodeError.InvalidVarint,
            ProtoError.BadFieldNumber => SparkplugDecodeError.InvalidTag,
            _ => SparkplugDecodeError.InvalidWireType,
        };
        throw new SparkplugDecodeException(code, $"{error.Describe()} at byte {_reader.Position}");
    }
}
