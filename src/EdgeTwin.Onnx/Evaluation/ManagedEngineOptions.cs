using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Evaluation;

/// <summary>How the managed evaluator loads a model.</summary>
public sealed record ManagedEngineOptions
{
    public static ManagedEngineOptions Default { get; } = new();

    /// <summary>The size given to a symbolic (named or unknown) first dimension of a graph input.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Elements the plan may allocate in total (every buffer counts twice: itself and its index map).</summary>
    public long MaxPlannedElements { get; init; } = 32L * 1024 * 1024;

    public OnnxReaderLimits Limits { get; init; } = OnnxReaderLimits.Default;
}
