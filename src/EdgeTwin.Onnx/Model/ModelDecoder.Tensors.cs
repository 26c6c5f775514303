using System.Buffers.Binary;
using EdgeTwin.Protobuf;

namespace EdgeTwin.Onnx.Model;

/// <summary>TensorProto decoding: dims checked against the element limit before data of that size is accepted.</summary>
internal sealed partial class ModelDecoder
{
    private OnnxTensor DecodeTensor(ReadOnlySpan<byte> payload)
    {
        var dims = new List<long>();
        var dataType = OnnxDataType.Undefined;
        var name = "";
        scoped ReadOnlySpan<byte> raw = default;
        var hasRaw = false;
        var floats = new List<float>();
        var int32s = new List<int>();
        var int64s = new List<long>();
        var doubles = new List<double>();
        var external = false;
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    ReadRepeatedInt64s(ref reader, wire, dims, "dims");
                    if (dims.Count > limits.MaxRank)
                    {
                        throw Fail($"rank {dims.Count} exceeds the limit of {limits.MaxRank}", "dims");
                    }

                    break;
                case 2:
                    dataType = ReadDataType(ref reader, wire, "data_type");
                    break;
                case 3:
                    throw Unsupported("segmented tensors (TensorProto.segment) are not supported", "segment");
                case 4:
                    ReadRepeatedFloats(ref reader, wire, floats, "float_data");
                    break;
                case 5:
                    ReadRepeatedInt32s(ref reader, wire, int32s, "int32_data");
                    break;
                case 7:
                    ReadRepeatedInt64s(ref reader, wire, int64s, "int64_data");
                    break;
                case 8:
                    name = ReadString(ref reader, wire, "name");
                    break;
                case 9:
                    raw = ReadBytes(ref reader, wire, "raw_data");
                    hasRaw = true;
                    break;
                case 10:
                    ReadRepeatedDoubles(ref reader, wire, doubles, "double_data");
                    break;
                case 13:
                    external = true;
                    Skip(ref reader, wire);
                    break;
                case 14:
                    external |= ReadInt64(ref reader, wire, "data_location") == 1;
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        if (external)
        {
            throw Unsupported($"tensor '{name}' keeps its data in an external file, which is not supported");
        }

        var shape = new int[dims.Count];
        long count = 1;
        for (var d = 0; d < dims.Count; d++)
        {
            if (dims[d] < 0)
            {
                throw Fail($"dims[{d}] is negative ({dims[d]})", "dims");
            }

            if (dims[d] > limits.MaxTensorElements)
            {
                throw Fail($"dims[{d}] = {dims[d]} exceeds the element limit of {limits.MaxTensorElements}", "dims");
            }

            shape[d] = (int)dims[d];
            count *= dims[d];
            if (count > limits.MaxTensorElements)
            {
                throw Fail($"tensor '{name}' has more than {limits.MaxTensorElements} elements", "dims");
            }
        }

        var n = (int)count;
        return dataType switch
        {
            OnnxDataType.Float => new OnnxTensor
            {
                Name = name, DataType = dataType, Dims = shape, ElementCount = n,
                Floats = hasRaw ? RawFloats(raw, n) : Exact(floats, n, "float_data"),
            },
            OnnxDataType.Int64 => new OnnxTensor
            {
                Name = name, DataType = dataType, Dims = shape, ElementCount = n,
                Int64s = hasRaw ? RawInt64s(raw, n) : Exact(int64s, n, "int64_data"),
            },
            OnnxDataType.Double => new OnnxTensor
            {
                Name = name, DataType = dataType, Dims = shape, ElementCount = n,
                Doubles = hasRaw ? RawDoubles(raw, n) : Exact(doubles, n, "double_data"),
            },
            OnnxDataType.Bool => new OnnxTensor
            {
                Name = name, DataType = dataType, Dims = shape, ElementCount = n,
                Bools = hasRaw ? RawBools(raw, n) : ToBools(Exact(int32s, n, "int32_data")),
            },
            OnnxDataType.Int32 or OnnxDataType.Int16 or OnnxDataType.Int8 or OnnxDataType.UInt16 or OnnxDataType.UInt8 =>
                new OnnxTensor
                {
                    Name = name, DataType = dataType, Dims = shape, ElementCount = n,
                    Int32s = hasRaw ? RawSmallInts(raw, n, dataType) : Exact(int32s, n, "int32_data"),
                },
            OnnxDataType.Undefined => throw Fail($"tensor '{name}' has no data_type", "data_type"),
            _ => throw Unsupported($"tensor '{name}' has data type {dataType}, which this reader does not decode"),
        };
    }

    private T[] Exact<T>(List<T> values, int count, string field)
    {
        if (values.Count != count)
        {
            throw Fail($"{values.Count} values for {count} elements (dims and data disagree)", field);
        }

        return [.. values];
    }

    private float[] RawFloats(ReadOnlySpan<byte> raw, int count)
    {
        CheckRawLength(raw, count, 4);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
        }

        return values;
    }

    private long[] RawInt64s(ReadOnlySpan<byte> raw, int count)
    {
        CheckRawLength(raw, count, 8);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
        }

        return values;
    }

    private double[] RawDoubles(ReadOnlySpan<byte> raw, int count)
    {
        CheckRawLength(raw, count, 8);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8, 8));
        }

        return values;
    }

    private bool[] RawBools(ReadOnlySpan<byte> raw, int count)
    {
        CheckRawLength(raw, count, 1);
        var values = new bool[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = raw[i] != 0;
        }

        return values;
    }

    private int[] RawSmallInts(ReadOnlySpan<byte> raw, int count, OnnxDataType type)
    {
        var width = type switch
        {
            OnnxDataType.Int32 => 4,
            OnnxDataType.Int16 or OnnxDataType.UInt16 => 2,
            _ => 1,
        };
        CheckRawLength(raw, count, width);
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = raw.Slice(i * width, width);
            values[i] = type switch
            {
                OnnxDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                OnnxDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                OnnxDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                OnnxDataType.Int8 => (sbyte)bytes[0],
                _ => bytes[0],
            };
        }

        return values;
    }

    private static bool[] ToBools(int[] values)
    {
        var result = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] != 0;
        }

        return result;
    }

    private void CheckRawLength(ReadOnlySpan<byte> raw, int count, int width)
    {
        if (raw.Length != (long)count * width)
        {
            throw Fail($"raw_data has {raw.Length} bytes, expected {(long)count * width} ({count} elements of {width} bytes)", "raw_data");
        }
    }
}
