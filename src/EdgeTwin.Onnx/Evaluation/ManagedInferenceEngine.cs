using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>
/// A pure managed evaluator for small models. Everything is decided at load (shapes, buffers, kernels);
/// <see cref="Run(ReadOnlySpan{float}, Span{float})"/> copies the input in, runs the kernels and copies
/// the output out without allocating. One instance is not safe for concurrent runs.
/// </summary>
public sealed class ManagedInferenceEngine : IInferenceEngine
{
    private readonly GraphPlan _plan;

    private ManagedInferenceEngine(GraphPlan plan)
    {
        _plan = plan;
        Inputs = [.. plan.Inputs.Select(t => new TensorDescription(t.Name, OnnxDataType.Float, t.Shape))];
        Outputs = [.. plan.Outputs.Select(t => new TensorDescription(t.Name, Tensor.ToDataType(t.Kind), t.Shape))];
    }

    public IReadOnlyList<TensorDescription> Inputs { get; }

    public IReadOnlyList<TensorDescription> Outputs { get; }

    /// <summary>Number of kernels run per inference (after constant folding).</summary>
    public int KernelCount => _plan.Kernels.Length;

    /// <exception cref="OnnxFormatException">The file is malformed.</exception>
    /// <exception cref="OnnxUnsupportedException">The model uses something this evaluator does not implement.</exception>
    public static ManagedInferenceEngine Load(string path, ManagedEngineOptions? options = null)
    {
        options ??= ManagedEngineOptions.Default;
        return Load(OnnxModelReader.ReadBoundedFile(path, options.Limits.MaxModelBytes), options);
    }

    public static ManagedInferenceEngine Load(ReadOnlySpan<byte> model, ManagedEngineOptions? options = null)
    {
        options ??= ManagedEngineOptions.Default;
        return Load(OnnxModelReader.Read(model, options.Limits), options);
    }

    public static ManagedInferenceEngine Load(OnnxModel model, ManagedEngineOptions? options = null) =>
        new(GraphCompiler.Compile(model, options ?? ManagedEngineOptions.Default));

    public void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_plan.Inputs.Length != 1 || _plan.Outputs.Length != 1)
        {
            throw new InvalidOperationException($"the model has {_plan.Inputs.Length} inputs and {_plan.Outputs.Length} outputs; use the multi-tensor Run");
        }

        CopyIn(_plan.Inputs[0], input);
        Execute();
        CopyOut(_plan.Outputs[0], output);
    }

    public void Run(ReadOnlySpan<ReadOnlyMemory<float>> inputs, ReadOnlySpan<Memory<float>> outputs)
    {
        if (inputs.Length != _plan.Inputs.Length || outputs.Length != _plan.Outputs.Length)
        {
            throw new ArgumentException($"expected {_plan.Inputs.Length} inputs and {_plan.Outputs.Length} outputs, got {inputs.Length} and {outputs.Length}");
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            CopyIn(_plan.Inputs[i], inputs[i].Span);
        }

        Execute();
        for (var i = 0; i < outputs.Length; i++)
        {
            CopyOut(_plan.Outputs[i], outputs[i].Span);
        }
    }

    public void Dispose()
    {
    }

    private void Execute()
    {
        foreach (var kernel in _plan.Kernels)
        {
            kernel.Execute();
        }
    }

    private static void CopyIn(Tensor tensor, ReadOnlySpan<float> source)
    {
        if (source.Length != tensor.Length)
        {
            throw new ArgumentException($"input '{tensor.Name}' needs {tensor.Length} values, got {source.Length}");
        }

        source.CopyTo(tensor.Floats);
    }

    private static void CopyOut(Tensor tensor, Span<float> destination)
    {
        if (destination.Length != tensor.Length)
        {
            throw new ArgumentException($"output '{tensor.Name}' has {tensor.Length} values, the destination holds {destination.Length}");
        }

        switch (tensor.Kind)
        {
            case ElementKind.Float:
                tensor.Floats.AsSpan().CopyTo(destination);
                break;
            case ElementKind.Int64:
                var longs = tensor.Int64s;
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = longs[i];
                }

                break;
            default:
                var bools = tensor.Bools;
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = bools[i] ? 1f : 0f;
                }

                break;
        }
    }
}
