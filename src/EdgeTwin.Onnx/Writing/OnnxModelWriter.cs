using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EdgeTwin.Protobuf;

namespace EdgeTwin.Onnx.Writing;

/// <summary>
/// Builds a single-graph ONNX model of float tensors and serializes it as a ModelProto (onnx/onnx.proto3,
/// IR version 8). Enough for the models EdgeTwin fits itself: initializers, nodes with int/float/ints
/// attributes, and graph inputs/outputs with static shapes (a first dimension may be symbolic).
/// </summary>
public sealed class OnnxModelWriter
{
    // onnx.proto3 field numbers.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7, ModelOpsetImport = 8;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeF = 2, AttributeI = 3, AttributeInts = 8, AttributeType = 20;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2, OpsetDomain = 1, OpsetVersion = 2;

    // TensorProto.DataType and AttributeProto.AttributeType values.
    private const int FloatType = 1, Int64Type = 7;
    private const int AttributeFloat = 1, AttributeInt = 2, AttributeIntList = 7;

    private readonly ProtoMessageWriter _graph = new();
    private readonly string _producer;
    private readonly int _opset;

    /// <param name="opset">Version of the default ONNX domain the nodes follow.</param>
    public OnnxModelWriter(string graphName, int opset = 13, string producer = "EdgeTwin")
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        _opset = opset;
        _producer = producer;
        _graph.StringField(GraphName, graphName);
    }

    /// <summary>A float initializer; <paramref name="values"/> are in row-major order.</summary>
    public OnnxModelWriter Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        _graph.MessageField(GraphInitializer, Tensor(name, dims, FloatType, raw));
        return this;
    }

    public OnnxModelWriter Int64Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        _graph.MessageField(GraphInitializer, Tensor(name, dims, Int64Type, raw));
        return this;
    }

    public OnnxModelWriter Node(string opType, string[] inputs, string[] outputs, params NodeAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attributes);
        var node = new ProtoMessageWriter();
        foreach (var input in inputs)
        {
            node.StringField(NodeInput, input);
        }

        foreach (var output in outputs)
        {
            node.StringField(NodeOutput, output);
        }

        node.StringField(NodeName, $"{opType}_{outputs.FirstOrDefault()}");
        node.StringField(NodeOpType, opType);
        foreach (var a in attributes)
        {
            var attribute = new ProtoMessageWriter();
            attribute.StringField(AttributeName, a.Name);
            switch (a.Kind)
            {
                case NodeAttributeKind.Float:
                    attribute.FloatField(AttributeF, a.Float);
                    attribute.VarintField(AttributeType, AttributeFloat);
                    break;
                case NodeAttributeKind.Int:
                    attribute.VarintField(AttributeI, a.Int);
                    attribute.VarintField(AttributeType, AttributeInt);
                    break;
                default:
                    attribute.PackedVarintsField(AttributeInts, a.Ints);
                    attribute.VarintField(AttributeType, AttributeIntList);
                    break;
            }

            node.MessageField(NodeAttribute, attribute);
        }

        _graph.MessageField(GraphNode, node);
        return this;
    }

    /// <summary>A float graph input; a dimension of -1 is written as the symbolic "batch".</summary>
    public OnnxModelWriter Input(string name, params long[] dims)
    {
        _graph.MessageField(GraphInput, ValueInfo(name, dims));
        return this;
    }

    public OnnxModelWriter Output(string name, params long[] dims)
    {
        _graph.MessageField(GraphOutput, ValueInfo(name, dims));
        return this;
    }

    public byte[] ToBytes()
    {
        var model = new ProtoMessageWriter();
        model.VarintField(ModelIrVersion, 8);
        model.StringField(ModelProducerName, _producer);
        model.StringField(ModelProducerVersion, "1");
        model.MessageField(ModelGraph, _graph);
        var opset = new ProtoMessageWriter();
        opset.StringField(OpsetDomain, "");
        opset.VarintField(OpsetVersion, _opset);
        model.MessageField(ModelOpsetImport, opset);
        return model.ToArray();
    }

    private static ProtoMessageWriter Tensor(string name, ReadOnlySpan<long> dims, int dataType, byte[] raw)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var tensor = new ProtoMessageWriter();
        tensor.PackedVarintsField(TensorDims, dims);
        tensor.VarintField(TensorDataType, dataType);
        tensor.StringField(TensorName, name);
        tensor.BytesField(TensorRawData, raw);
        return tensor;
    }

    private static ProtoMessageWriter ValueInfo(string name, long[] dims)
    {
        var shape = new ProtoMessageWriter();
        foreach (var d in dims)
        {
            var dim = new ProtoMessageWriter();
            if (d < 0)
            {
                dim.StringField(DimParam, "batch");
            }
            else
            {
                dim.VarintField(DimValue, d);
            }

            shape.MessageField(ShapeDim, dim);
        }

        var tensorType = new ProtoMessageWriter();
        tensorType.VarintField(TensorTypeElemType, FloatType);
        tensorType.MessageField(TensorTypeShape, shape);
        var type = new ProtoMessageWriter();
        type.MessageField(TypeTensor, tensorType);
        var info = new ProtoMessageWriter();
        info.StringField(ValueInfoName, name);
        info.MessageField(ValueInfoType, type);
        return info;
    }
}

public enum NodeAttributeKind
{
    Int,
    Float,
    Ints,
}

/// <summary>One attribute of a node written by <see cref="OnnxModelWriter"/>.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct NodeAttribute(string Name, NodeAttributeKind Kind, long Int, float Float, long[] Ints)
{
    public static NodeAttribute Of(string name, long value) => new(name, NodeAttributeKind.Int, value, 0, []);

    public static NodeAttribute Of(string name, float value) => new(name, NodeAttributeKind.Float, 0, value, []);

    public static NodeAttribute Of(string name, long[] values) => new(name, NodeAttributeKind.Ints, 0, 0, values);
}
