namespace EdgeTwin.Onnx.Runtime;

/// <summary>How the native engine loads ONNX Runtime and a model.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>Path of libonnxruntime.so (or onnxruntime.dll); required.</summary>
    public required string LibraryPath { get; init; }

    /// <summary>The size given to a symbolic first dimension of an input.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Threads inside one operator; 1 keeps scoring on the caller's thread, which suits a gateway.</summary>
    public int IntraOpThreads { get; init; } = 1;
}
