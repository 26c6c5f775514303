using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>
/// A value in the planned graph: fixed shape and a buffer allocated once at load. Views (Reshape, Squeeze,
/// Identity, ...) share their source's buffer, since no kernel writes into its inputs.
/// </summary>
internal sealed class Tensor
{
    public Tensor(string name, ElementKind kind, int[] shape, Array data)
    {
        Name = name;
        Kind = kind;
        Shape = shape;
        Data = data;
        Length = ElementCount(shape);
    }

    public string Name { get; }

    public ElementKind Kind { get; }

    public int[] Shape { get; }

    public int Rank => Shape.Length;

    public int Length { get; }

    public Array Data { get; }

    /// <summary>Known at load: an initializer, a Constant, or computed only from constants.</summary>
    public bool IsConstant { get; set; }

    public float[] Floats => (float[])Data;

    public long[] Int64s => (long[])Data;

    public bool[] Bools => (bool[])Data;

    public static Tensor Allocate(string name, ElementKind kind, int[] shape)
    {
        var length = ElementCount(shape);
        Array data = kind switch
        {
            ElementKind.Float => new float[length],
            ElementKind.Int64 => new long[length],
            _ => new bool[length],
        };
        return new Tensor(name, kind, shape, data);
    }

    public Tensor View(string name, int[] shape) => new(name, Kind, shape, Data) { IsConstant = IsConstant };

    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
            if (count > int.MaxValue)
            {
                throw new OnnxUnsupportedException($"a tensor of shape [{string.Join(",", shape.ToArray())}] is too large");
            }
        }

        return (int)count;
    }

    public static OnnxDataType ToDataType(ElementKind kind) => kind switch
    {
        ElementKind.Float => OnnxDataType.Float,
        ElementKind.Int64 => OnnxDataType.Int64,
        _ => OnnxDataType.Bool,
    };

    public override string ToString() => $"'{Name}' {Kind}[{string.Join(",", Shape)}]";
}
