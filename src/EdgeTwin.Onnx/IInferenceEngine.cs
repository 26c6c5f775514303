namespace EdgeTwin.Onnx;

/// <summary>
/// A loaded model that scores float tensors. Shapes are fixed when the engine is created; every run uses
/// buffers planned at load. Non-float model outputs (int64, bool) are written as floats (true = 1).
/// </summary>
public interface IInferenceEngine : IDisposable
{
    IReadOnlyList<TensorDescription> Inputs { get; }

    IReadOnlyList<TensorDescription> Outputs { get; }

    /// <summary>Runs a model with one input and one output; spans must hold exactly their element counts.</summary>
    void Run(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Runs with inputs and outputs in the order of <see cref="Inputs"/> and <see cref="Outputs"/>.</summary>
    void Run(ReadOnlySpan<ReadOnlyMemory<float>> inputs, ReadOnlySpan<Memory<float>> outputs);
}
