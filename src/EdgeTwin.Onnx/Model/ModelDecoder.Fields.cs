using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using EdgeTwin.Protobuf;

namespace EdgeTwin.Onnx.Model;

/// <summary>Typed field reads over <see cref="ProtoReader"/>, turning wire errors into errors at the current field path.</summary>
internal sealed partial class ModelDecoder
{
    private (int Field, WireType Wire) NextTag(ref ProtoReader reader)
    {
        var error = reader.ReadTag(out var field, out var wire);
        if (error != ProtoError.None)
        {
            throw Fail(error.Describe() + $" at byte {reader.Position} of the enclosing message");
        }

        return (field, wire);
    }

    private void Skip(ref ProtoReader reader, WireType wire)
    {
        var error = reader.Skip(wire);
        if (error != ProtoError.None)
        {
            throw Fail(error.Describe() + " in an unknown field");
        }
    }

    private long ReadInt64(ref ProtoReader reader, WireType wire, string field)
    {
        ExpectWire(wire, WireType.Varint, field);
        Check(reader.ReadVarint(out var value), field);
        return (long)value;
    }

    private OnnxDataType ReadDataType(ref ProtoReader reader, WireType wire, string field)
    {
        var raw = ReadInt64(ref reader, wire, field);
        if (raw is < 0 or > (long)OnnxDataType.BFloat16)
        {
            // Types added after IR 8 (float8 variants, int4, ...) land here too.
            throw Unsupported($"data type {raw} is not supported", field);
        }

        return (OnnxDataType)raw;
    }

    private float ReadFloat(ref ProtoReader reader, WireType wire, string field)
    {
        ExpectWire(wire, WireType.Fixed32, field);
        Check(reader.ReadFixed32(out var bits), field);
        return BitConverter.UInt32BitsToSingle(bits);
    }

    private ReadOnlySpan<byte> ReadBytes(ref ProtoReader reader, WireType wire, string? field)
    {
        ExpectWire(wire, WireType.LengthDelimited, field);
        Check(reader.ReadLengthDelimited(out var payload), field);
        return payload;
    }

    private string ReadString(ref ProtoReader reader, WireType wire, string field)
    {
        var bytes = ReadBytes(ref reader, wire, field);
        if (bytes.Length > limits.MaxStringBytes)
        {
            throw Fail($"string of {bytes.Length} bytes exceeds the limit of {limits.MaxStringBytes}", field);
        }

        if (!Utf8.IsValid(bytes))
        {
            throw Fail("string is not valid UTF-8", field);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private void ReadRepeatedInt64s(ref ProtoReader reader, WireType wire, List<long> values, string field) =>
        ReadRepeatedVarints(ref reader, wire, values, field, static v => (long)v);

    private void ReadRepeatedInt32s(ref ProtoReader reader, WireType wire, List<int> values, string field) =>
        ReadRepeatedVarints(ref reader, wire, values, field, static v => (int)v);

    /// <summary>Repeated scalars arrive packed (proto3 default) or one per tag; both are accepted (protobuf encoding guide, "Packed Repeated Fields").</summary>
    private void ReadRepeatedVarints<T>(ref ProtoReader reader, WireType wire, List<T> values, string field, Func<ulong, T> convert)
    {
        if (wire != WireType.LengthDelimited)
        {
            CheckCount(values.Count, field);
            values.Add(convert((ulong)ReadInt64(ref reader, wire, field)));
            return;
        }

        var packed = new ProtoReader(ReadBytes(ref reader, wire, field));
        while (!packed.End)
        {
            CheckCount(values.Count, field);
            Check(packed.ReadVarint(out var value), field);
            values.Add(convert(value));
        }
    }

    private void ReadRepeatedFloats(ref ProtoReader reader, WireType wire, List<float> values, string field)
    {
        if (wire != WireType.LengthDelimited)
        {
            CheckCount(values.Count, field);
            values.Add(ReadFloat(ref reader, wire, field));
            return;
        }

        var bytes = ReadBytes(ref reader, wire, field);
        if (bytes.Length % 4 != 0)
        {
            throw Fail($"packed float field of {bytes.Length} bytes is not a multiple of 4", field);
        }

        CheckCount(values.Count + (bytes.Length / 4) - 1, field);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i, 4)));
        }
    }

    private void ReadRepeatedDoubles(ref ProtoReader reader, WireType wire, List<double> values, string field)
    {
        if (wire != WireType.LengthDelimited)
        {
            ExpectWire(wire, WireType.Fixed64, field);
            CheckCount(values.Count, field);
            Check(reader.ReadFixed64(out var bits), field);
            values.Add(BitConverter.UInt64BitsToDouble(bits));
            return;
        }

        var bytes = ReadBytes(ref reader, wire, field);
        if (bytes.Length % 8 != 0)
        {
            throw Fail($"packed double field of {bytes.Length} bytes is not a multiple of 8", field);
        }

        CheckCount(values.Count + (bytes.Length / 8) - 1, field);
        for (var i = 0; i < bytes.Length; i += 8)
        {
            values.Add(BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i, 8)));
        }
    }

    private void ExpectWire(WireType actual, WireType expected, string? field)
    {
        if (actual != expected)
        {
            throw Fail($"wire type {actual} where {expected} is required", field);
        }
    }

    private void Check(ProtoError error, string? field)
    {
        if (error != ProtoError.None)
        {
            throw Fail(error.Describe(), field);
        }
    }
}
