namespace EdgeTwin.Onnx.Model;

/// <summary>GraphProto.</summary>
public sealed class OnnxGraph
{
    public string Name { get; init; } = "";

    public IReadOnlyList<OnnxNode> Nodes { get; init; } = [];

    public IReadOnlyList<OnnxTensor> Initializers { get; init; } = [];

    public IReadOnlyList<OnnxValueInfo> Inputs { get; init; } = [];

    public IReadOnlyList<OnnxValueInfo> Outputs { get; init; } = [];

    public IReadOnlyList<OnnxValueInfo> ValueInfo { get; init; } = [];

    /// <summary>Count of sparse_initializer entries; they are not decoded.</summary>
    public int SparseInitializerCount { get; init; }
}
