using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>What an operator builder sees of one node: resolved inputs, typed attribute access, output allocation.</summary>
internal sealed class NodeContext
{
    private readonly Tensor?[] _inputs;
    private readonly Tensor?[] _outputs;

    private readonly PlanBudget _budget;

    public NodeContext(OnnxNode node, int index, long opset, Tensor?[] inputs, PlanBudget budget)
    {
        _budget = budget;
        Node = node;
        Opset = opset;
        _inputs = inputs;
        _outputs = new Tensor?[node.Outputs.Count];
        Where = $"model.graph.node[{index}] ({(node.Domain.Length == 0 ? "" : node.Domain + ".")}{node.OpType}{(node.Name.Length == 0 ? "" : " '" + node.Name + "'")})";
    }

    public OnnxNode Node { get; }

    public long Opset { get; }

    public string Where { get; }

    public int InputCount => _inputs.Length;

    public int OutputCount => _outputs.Length;

    public IReadOnlyList<Tensor?> Outputs => _outputs;

    public Tensor Input(int index)
    {
        if (index >= _inputs.Length || _inputs[index] is null)
        {
            throw Invalid($"required input {index} is missing");
        }

        return _inputs[index]!;
    }

    public Tensor? OptionalInput(int index) => index < _inputs.Length ? _inputs[index] : null;

    public Tensor Input(int index, ElementKind kind)
    {
        var tensor = Input(index);
        if (tensor.Kind != kind)
        {
            throw Unsupported($"input {index} {tensor} must be {kind}");
        }

        return tensor;
    }

    public Tensor Output(int index, ElementKind kind, int[] shape)
    {
        var tensor = Allocate(OutputName(index), kind, shape);
        _outputs[index] = tensor;
        return tensor;
    }

    /// <summary>A buffer counted against the planning budget; index maps of the same size are covered by it too.</summary>
    public Tensor Allocate(string name, ElementKind kind, int[] shape)
    {
        _budget.Reserve(2L * Tensor.ElementCount(shape), Where);
        return Tensor.Allocate(name, kind, shape);
    }

    public void Alias(int index, Tensor source, int[] shape)
    {
        if (Tensor.ElementCount(shape) != source.Length)
        {
            throw Invalid($"cannot view {source} as shape [{string.Join(",", shape)}]");
        }

        _outputs[index] = source.View(OutputName(index), shape);
    }

    public void RequireOutputs(int max)
    {
        if (_outputs.Length == 0 || _outputs.Length > max)
        {
            throw Unsupported($"{_outputs.Length} outputs; this engine produces at most {max}");
        }
    }

    private string OutputName(int index) => index < Node.Outputs.Count ? Node.Outputs[index] : "";

    public OnnxAttribute? Attribute(string name, OnnxAttributeType type)
    {
        var attribute = Node.FindAttribute(name);
        if (attribute is not null && attribute.Type != type && attribute.Type != OnnxAttributeType.Undefined)
        {
            throw Invalid($"attribute '{name}' has type {attribute.Type}, expected {type}");
        }

        return attribute;
    }

    public long Int(string name, long fallback) => Attribute(name, OnnxAttributeType.Int)?.Int ?? fallback;

    public float Float(string name, float fallback) => Attribute(name, OnnxAttributeType.Float)?.Float ?? fallback;

    public string String(string name, string fallback) => Attribute(name, OnnxAttributeType.String)?.String ?? fallback;

    public long[]? Ints(string name) => Attribute(name, OnnxAttributeType.Ints) is { } a ? [.. a.Ints] : null;

    public float[]? Floats(string name) => Attribute(name, OnnxAttributeType.Floats) is { } a ? [.. a.Floats] : null;

    /// <summary>An int64 input whose value must be known at load (shapes, axes, slice bounds).</summary>
    public long[]? ConstantInt64s(int index)
    {
        var tensor = OptionalInput(index);
        if (tensor is null)
        {
            return null;
        }

        if (!tensor.IsConstant)
        {
            throw Unsupported($"input {index} {tensor} is computed at run time; this engine needs it constant (an initializer or Constant)");
        }

        if (tensor.Kind != ElementKind.Int64)
        {
            throw Invalid($"input {index} {tensor} must be int64");
        }

        return [.. tensor.Int64s];
    }

    public float? ConstantScalar(int index)
    {
        var tensor = OptionalInput(index);
        if (tensor is null)
        {
            return null;
        }

        if (!tensor.IsConstant || tensor.Kind != ElementKind.Float || tensor.Length != 1)
        {
            throw Unsupported($"input {index} {tensor} must be a constant float scalar");
        }

        return tensor.Floats[0];
    }

    /// <summary>Normalises a possibly negative axis (ONNX: "negative value means counting dimensions from the back").</summary>
    public int Axis(long axis, int rank)
    {
        if (axis < -rank || axis >= rank)
        {
            throw Invalid($"axis {axis} is out of range for rank {rank}");
        }

        return (int)(axis < 0 ? axis + rank : axis);
    }

    public OnnxFormatException Invalid(string problem) => new(Where, problem);

    public OnnxUnsupportedException Unsupported(string problem) => new($"{Where}: {problem}");
}
