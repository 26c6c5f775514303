namespace EdgeTwin.Onnx.Model;

/// <summary>AttributeProto; the field matching <see cref="Type"/> holds the value.</summary>
public sealed class OnnxAttribute
{
    public string Name { get; init; } = "";

    public OnnxAttributeType Type { get; init; }

    public float Float { get; init; }

    public long Int { get; init; }

    public string String { get; init; } = "";

    public OnnxTensor? Tensor { get; init; }

    public OnnxGraph? Graph { get; init; }

    public IReadOnlyList<float> Floats { get; init; } = [];

    public IReadOnlyList<long> Ints { get; init; } = [];

    public IReadOnlyList<string> Strings { get; init; } = [];

    public IReadOnlyList<OnnxTensor> Tensors { get; init; } = [];

    public IReadOnlyList<OnnxGraph> Graphs { get; init; } = [];
}
