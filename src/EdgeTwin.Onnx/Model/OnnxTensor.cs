namespace EdgeTwin.Onnx.Model;

/// <summary>
/// A decoded TensorProto. Exactly one of the data arrays is set, by <see cref="DataType"/>:
/// Float → <see cref="Floats"/>, Int64 → <see cref="Int64s"/>, Int32/Int16/Int8/UInt16/UInt8 → <see cref="Int32s"/>,
/// Bool → <see cref="Bools"/>, Double → <see cref="Doubles"/>.
/// </summary>
public sealed class OnnxTensor
{
    public string Name { get; init; } = "";

    public OnnxDataType DataType { get; init; }

    public IReadOnlyList<int> Dims { get; init; } = [];

    public int ElementCount { get; init; }

    public float[]? Floats { get; init; }

    public long[]? Int64s { get; init; }

    public int[]? Int32s { get; init; }

    public bool[]? Bools { get; init; }

    public double[]? Doubles { get; init; }
}
