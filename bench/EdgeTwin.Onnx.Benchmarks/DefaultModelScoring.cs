using BenchmarkDotNet.Attributes;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Runtime;

namespace EdgeTwin.Onnx.Benchmarks;

/// <summary>
/// One scoring of each default model in config/models (the bearing and thermal PCA detectors that
/// <c>edgetwin train</c> wrote), per invocation, through each engine: latency per window, and with the memory
/// diagnoser the bytes allocated per scoring. Scorings/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class DefaultModelScoring
{
    private readonly float[] _output = new float[1];
    private float[] _input = [];
    private ManagedInferenceEngine _managed = null!;
    private OnnxRuntimeEngine _native = null!;

    [Params("bearing", "thermal")]
    public string Model { get; set; } = "bearing";

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Models", Model + ".onnx");
        _managed = ManagedInferenceEngine.Load(path);
        _native = OnnxRuntimeEngine.Load(path, new OnnxRuntimeOptions { LibraryPath = AutoencoderScoring.OrtLibrary() });
        var random = new Random(1);
        _input = [.. Enumerable.Range(0, _managed.Inputs[0].ElementCount).Select(_ => (float)((random.NextDouble() * 4) - 2))];
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
        _managed.Run(_input, _output);
        return _output[0];
    }

    [Benchmark]
    public float OnnxRuntime()
    {
        _native.Run(_input, _output);
        return _output[0];
    }
}
