using BenchmarkDotNet.Attributes;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Runtime;

namespace EdgeTwin.Onnx.Benchmarks;

/// <summary>
/// One scoring of the dense autoencoder (12-8-4-8-12, batch 1) per invocation, through each engine.
/// ONNX Runtime is found via EDGETWIN_ORT_LIB or .tools/onnxruntime (scripts/setup/onnx.sh).
/// </summary>
[MemoryDiagnoser]
public class AutoencoderScoring
{
    private readonly ReadOnlyMemory<float>[] _inputs = [new float[12]];
    private readonly Memory<float>[] _outputs = [new float[12], new float[1]];
    private ManagedInferenceEngine _managed = null!;
    private OnnxRuntimeEngine _native = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "Models", "dense_autoencoder.onnx");
        _managed = ManagedInferenceEngine.Load(model);
        _native = OnnxRuntimeEngine.Load(model, new OnnxRuntimeOptions { LibraryPath = OrtLibrary() });
        var random = new Random(1);
        var input = (float[])_inputs[0].ToArray();
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 4) - 2);
        }

        _inputs[0] = input;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managed.Dispose();
        _native.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float Managed()
    {
        _managed.Run(_inputs, _outputs);
        return _outputs[1].Span[0];
    }

    [Benchmark]
    public float OnnxRuntime()
    {
        _native.Run(_inputs, _outputs);
        return _outputs[1].Span[0];
    }

    internal static string OrtLibrary()
    {
        var configured = Environment.GetEnvironmentVariable("EDGETWIN_ORT_LIB");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "onnxruntime", "libonnxruntime.so");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("ONNX Runtime not found; run scripts/setup/onnx.sh or set EDGETWIN_ORT_LIB");
    }
}
