using EdgeTwin.Protobuf;

namespace EdgeTwin.Onnx.Model;

/// <summary>
/// One decoding pass over a ModelProto. Field numbers are from onnx.proto (IR version 8); unknown fields
/// are skipped as protobuf requires. Every count and size taken from the input is checked against
/// <see cref="OnnxReaderLimits"/> before anything is allocated for it.
/// </summary>
internal sealed partial class ModelDecoder(OnnxReaderLimits limits)
{
    private readonly FieldPath _path = new();
    private int _nodeCount;

    public OnnxModel DecodeModel(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw Fail("the file is empty");
        }

        long irVersion = 0;
        string producerName = "", producerVersion = "";
        var opsets = new List<OnnxOperatorSet>();
        OnnxGraph? graph = null;
        var functions = 0;
        var reader = new ProtoReader(bytes);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    irVersion = ReadInt64(ref reader, wire, "ir_version");
                    break;
                case 2:
                    producerName = ReadString(ref reader, wire, "producer_name");
                    break;
                case 3:
                    producerVersion = ReadString(ref reader, wire, "producer_version");
                    break;
                case 7:
                    graph = Nested(ref reader, wire, "graph", -1, DecodeGraph);
                    break;
                case 8:
                    CheckCount(opsets.Count, "opset_import");
                    opsets.Add(Nested(ref reader, wire, "opset_import", opsets.Count, DecodeOperatorSet));
                    break;
                case 25:
                    functions++;
                    Skip(ref reader, wire);
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        if (graph is null)
        {
            throw Fail("required field 'graph' is missing");
        }

        if (irVersion <= 0)
        {
            throw Fail($"ir_version {irVersion} is not a valid IR version");
        }

        return new OnnxModel
        {
            IrVersion = irVersion,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            OperatorSets = opsets,
            Graph = graph,
            FunctionCount = functions,
        };
    }

    private OnnxOperatorSet DecodeOperatorSet(ReadOnlySpan<byte> payload)
    {
        var domain = "";
        long version = 0;
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    domain = ReadString(ref reader, wire, "domain");
                    break;
                case 2:
                    version = ReadInt64(ref reader, wire, "version");
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        return new OnnxOperatorSet(domain, version);
    }

    private OnnxGraph DecodeGraph(ReadOnlySpan<byte> payload)
    {
        var name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var valueInfo = new List<OnnxValueInfo>();
        var sparse = 0;
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    if (++_nodeCount > limits.MaxNodes)
                    {
                        throw Fail($"more than {limits.MaxNodes} nodes", "node");
                    }

                    nodes.Add(Nested(ref reader, wire, "node", nodes.Count, DecodeNode));
                    break;
                case 2:
                    name = ReadString(ref reader, wire, "name");
                    break;
                case 5:
                    CheckCount(initializers.Count, "initializer");
                    initializers.Add(Nested(ref reader, wire, "initializer", initializers.Count, DecodeTensor));
                    break;
                case 11:
                    CheckCount(inputs.Count, "input");
                    inputs.Add(Nested(ref reader, wire, "input", inputs.Count, DecodeValueInfo));
                    break;
                case 12:
                    CheckCount(outputs.Count, "output");
                    outputs.Add(Nested(ref reader, wire, "output", outputs.Count, DecodeValueInfo));
                    break;
                case 13:
                    CheckCount(valueInfo.Count, "value_info");
                    valueInfo.Add(Nested(ref reader, wire, "value_info", valueInfo.Count, DecodeValueInfo));
                    break;
                case 15:
                    sparse++;
                    Skip(ref reader, wire);
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        return new OnnxGraph
        {
            Name = name,
            Nodes = nodes,
            Initializers = initializers,
            Inputs = inputs,
            Outputs = outputs,
            ValueInfo = valueInfo,
            SparseInitializerCount = sparse,
        };
    }

    private OnnxNode DecodeNode(ReadOnlySpan<byte> payload)
    {
        string name = "", opType = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    CheckCount(inputs.Count, "input");
                    inputs.Add(ReadString(ref reader, wire, "input"));
                    break;
                case 2:
                    CheckCount(outputs.Count, "output");
                    outputs.Add(ReadString(ref reader, wire, "output"));
                    break;
                case 3:
                    name = ReadString(ref reader, wire, "name");
                    break;
                case 4:
                    opType = ReadString(ref reader, wire, "op_type");
                    break;
                case 5:
                    CheckCount(attributes.Count, "attribute");
                    attributes.Add(Nested(ref reader, wire, "attribute", attributes.Count, DecodeAttribute));
                    break;
                case 7:
                    domain = ReadString(ref reader, wire, "domain");
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        if (opType.Length == 0)
        {
            throw Fail("required field 'op_type' is missing or empty");
        }

        return new OnnxNode { Name = name, OpType = opType, Domain = domain, Inputs = inputs, Outputs = outputs, Attributes = attributes };
    }

    private OnnxAttribute DecodeAttribute(ReadOnlySpan<byte> payload)
    {
        var name = "";
        var type = OnnxAttributeType.Undefined;
        float f = 0;
        long i = 0;
        var s = "";
        OnnxTensor? t = null;
        OnnxGraph? g = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        var tensors = new List<OnnxTensor>();
        var graphs = new List<OnnxGraph>();
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    name = ReadString(ref reader, wire, "name");
                    break;
                case 2:
                    f = ReadFloat(ref reader, wire, "f");
                    break;
                case 3:
                    i = ReadInt64(ref reader, wire, "i");
                    break;
                case 4:
                    s = ReadString(ref reader, wire, "s");
                    break;
                case 5:
                    t = Nested(ref reader, wire, "t", -1, DecodeTensor);
                    break;
                case 6:
                    g = Nested(ref reader, wire, "g", -1, DecodeGraph);
                    break;
                case 7:
                    ReadRepeatedFloats(ref reader, wire, floats, "floats");
                    break;
                case 8:
                    ReadRepeatedInt64s(ref reader, wire, ints, "ints");
                    break;
                case 9:
                    CheckCount(strings.Count, "strings");
                    strings.Add(ReadString(ref reader, wire, "strings"));
                    break;
                case 10:
                    CheckCount(tensors.Count, "tensors");
                    tensors.Add(Nested(ref reader, wire, "tensors", tensors.Count, DecodeTensor));
                    break;
                case 11:
                    CheckCount(graphs.Count, "graphs");
                    graphs.Add(Nested(ref reader, wire, "graphs", graphs.Count, DecodeGraph));
                    break;
                case 20:
                    var raw = ReadInt64(ref reader, wire, "type");
                    if (raw is < 0 or > (long)OnnxAttributeType.TypeProtos)
                    {
                        throw Fail($"attribute type {raw} is not an AttributeType value", "type");
                    }

                    type = (OnnxAttributeType)raw;
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        if (name.Length == 0)
        {
            throw Fail("required field 'name' is missing or empty");
        }

        return new OnnxAttribute
        {
            Name = name,
            Type = type,
            Float = f,
            Int = i,
            String = s,
            Tensor = t,
            Graph = g,
            Floats = floats,
            Ints = ints,
            Strings = strings,
            Tensors = tensors,
            Graphs = graphs,
        };
    }

    private OnnxValueInfo DecodeValueInfo(ReadOnlySpan<byte> payload)
    {
        var name = "";
        var isTensor = false;
        var elementType = OnnxDataType.Undefined;
        List<OnnxDimension>? shape = null;
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            switch (field)
            {
                case 1:
                    name = ReadString(ref reader, wire, "name");
                    break;
                case 2:
                    _path.Push("type");
                    CheckDepth();
                    var typePayload = ReadBytes(ref reader, wire, null);
                    (isTensor, elementType, shape) = DecodeType(typePayload);
                    _path.Pop();
                    break;
                default:
                    Skip(ref reader, wire);
                    break;
            }
        }

        return new OnnxValueInfo { Name = name, IsTensor = isTensor, ElementType = elementType, Shape = shape };
    }

    private (bool IsTensor, OnnxDataType ElementType, List<OnnxDimension>? Shape) DecodeType(ReadOnlySpan<byte> payload)
    {
        var isTensor = false;
        var elementType = OnnxDataType.Undefined;
        List<OnnxDimension>? shape = null;
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            if (field != 1)
            {
                Skip(ref reader, wire);
                continue;
            }

            isTensor = true;
            _path.Push("tensor_type");
            CheckDepth();
            var tensorReader = new ProtoReader(ReadBytes(ref reader, wire, null));
            while (!tensorReader.End)
            {
                var (tensorField, tensorWire) = NextTag(ref tensorReader);
                switch (tensorField)
                {
                    case 1:
                        elementType = ReadDataType(ref tensorReader, tensorWire, "elem_type");
                        break;
                    case 2:
                        _path.Push("shape");
                        CheckDepth();
                        shape = DecodeShape(ReadBytes(ref tensorReader, tensorWire, null));
                        _path.Pop();
                        break;
                    default:
                        Skip(ref tensorReader, tensorWire);
                        break;
                }
            }

            _path.Pop();
        }

        return (isTensor, elementType, shape);
    }

    private List<OnnxDimension> DecodeShape(ReadOnlySpan<byte> payload)
    {
        var dims = new List<OnnxDimension>();
        var reader = new ProtoReader(payload);
        while (!reader.End)
        {
            var (field, wire) = NextTag(ref reader);
            if (field != 1)
            {
                Skip(ref reader, wire);
                continue;
            }

            if (dims.Count >= limits.MaxRank)
            {
                throw Fail($"rank exceeds the limit of {limits.MaxRank}", "dim");
            }

            _path.Push("dim", dims.Count);
            CheckDepth();
            long? value = null;
            string? param = null;
            var dimReader = new ProtoReader(ReadBytes(ref reader, wire, null));
            while (!dimReader.End)
            {
                var (dimField, dimWire) = NextTag(ref dimReader);
                switch (dimField)
                {
                    case 1:
                        value = ReadInt64(ref dimReader, dimWire, "dim_value");
                        if (value < 0)
                        {
                            throw Fail($"negative dimension {value}", "dim_value");
                        }

                        break;
                    case 2:
                        param = ReadString(ref dimReader, dimWire, "dim_param");
                        break;
                    default:
                        Skip(ref dimReader, dimWire);
                        break;
                }
            }

            dims.Add(new OnnxDimension(value, param));
            _path.Pop();
        }

        return dims;
    }

    private T Nested<T>(ref ProtoReader reader, WireType wire, string field, int index, Decode<T> decode)
    {
        _path.Push(field, index);
        CheckDepth();
        var payload = ReadBytes(ref reader, wire, null);
        var result = decode(payload);
        _path.Pop();
        return result;
    }

    private delegate T Decode<T>(ReadOnlySpan<byte> payload);

    private void CheckDepth()
    {
        if (_path.Depth > limits.MaxDepth)
        {
            throw Fail($"message nesting exceeds the depth limit of {limits.MaxDepth}");
        }
    }

    private void CheckCount(int count, string field)
    {
        if (count >= limits.MaxListCount)
        {
            throw Fail($"more than {limits.MaxListCount} entries", field);
        }
    }

    private OnnxFormatException Fail(string problem, string? field = null) => new(_path.Render(field), problem);

    private OnnxUnsupportedException Unsupported(string problem, string? field = null) => new($"{_path.Render(field)}: {problem}");
}
