namespace EdgeTwin.Onnx.Model;

/// <summary>ValueInfoProto. Only tensor types are modelled; <see cref="IsTensor"/> is false for sequence/map/optional/etc.</summary>
public sealed class OnnxValueInfo
{
    public string Name { get; init; } = "";

    public bool IsTensor { get; init; }

    public OnnxDataType ElementType { get; init; }

    /// <summary>Null when the type carries no shape (rank unknown).</summary>
    public IReadOnlyList<OnnxDimension>? Shape { get; init; }
}
