namespace EdgeTwin.Onnx.Model;

/// <summary>TensorShapeProto.Dimension: a fixed size, a symbolic name, or neither (unknown).</summary>
public readonly record struct OnnxDimension(long? Value, string? Param)
{
    public bool IsFixed => Value.HasValue;

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
