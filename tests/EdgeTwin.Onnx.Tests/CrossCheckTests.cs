using EdgeTwin.Onnx.Evaluation;
using Xunit.Abstractions;

namespace EdgeTwin.Onnx.Tests;

/// <summary>
/// Every generated model through the managed evaluator and ONNX Runtime on the same random inputs.
/// Agreement: |managed - ort| &lt;= 1e-5 * max(|managed|, |ort|) + 1e-6. The absolute floor of 1e-6 covers
/// values near zero, where float rounding in a different summation order is larger than 1e-5 relative.
/// </summary>
public sealed class CrossCheckTests(ITestOutputHelper log)
{
    private const double Relative = 1e-5;
    private const double AbsoluteFloor = 1e-6;

    public static IEnumerable<object[]> Files => TestModels.Files;

    [Theory]
    [MemberData(nameof(Files))]
    public void Managed_and_onnx_runtime_agree_on_random_inputs(string file)
    {
        var model = TestModels.Get(file);
        using var managed = ManagedInferenceEngine.Load(TestModels.PathOf(file));
        using var native = TestModels.LoadNative(file);
        AssertSameSignature(managed, native);
        var seen = new HashSet<string>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var inputs = TestModels.RandomInputs(model, managed.Inputs, seed);
            var outputs = TestModels.Run(managed, inputs);
            AssertClose(file, seed, managed.Outputs, outputs, TestModels.Run(native, inputs));
            seen.Add(string.Join(";", outputs.Select(o => string.Join(",", o))));
        }

        // The outputs depend on the inputs: agreement on a constant would prove little.
        Assert.True(seen.Count > 1, $"{file}: every seed produced the same outputs");
    }

    [Fact]
    public void The_cross_checked_models_cover_every_supported_operator()
    {
        var covered = TestModels.Manifest.SelectMany(m => m.Operators).ToHashSet();
        var missing = OperatorRegistry.Names.Select(n => n[(n.LastIndexOf('.') + 1)..]).Where(op => !covered.Contains(op)).ToList();

        Assert.True(missing.Count == 0, $"no test model uses: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("dense_autoencoder.onnx")]
    [InlineData("isolation_forest.onnx")]
    public void A_symbolic_batch_dimension_takes_the_configured_size_in_both_engines(string file)
    {
        var model = TestModels.Get(file);
        using var managed = ManagedInferenceEngine.Load(TestModels.PathOf(file), new ManagedEngineOptions { BatchSize = 7 });
        using var native = TestModels.LoadNative(file, batchSize: 7);
        Assert.Equal(7, managed.Inputs[0].Shape[0]);
        AssertSameSignature(managed, native);
        var inputs = TestModels.RandomInputs(model, managed.Inputs, seed: 42);
        AssertClose(file, 42, managed.Outputs, TestModels.Run(managed, inputs), TestModels.Run(native, inputs));
    }

    [Theory]
    [InlineData("isolation_forest.onnx")]
    [InlineData("tree_ensemble_modes.onnx")]
    public void Trees_route_missing_values_as_onnx_runtime_does(string file)
    {
        var model = TestModels.Get(file);
        using var managed = ManagedInferenceEngine.Load(TestModels.PathOf(file));
        using var native = TestModels.LoadNative(file);
        for (var seed = 1; seed <= 5; seed++)
        {
            var inputs = TestModels.RandomInputs(model, managed.Inputs, seed);
            for (var i = seed % 2; i < inputs[0].Length; i += 2)
            {
                inputs[0][i] = float.NaN;
            }

            AssertClose(file, seed, managed.Outputs, TestModels.Run(managed, inputs), TestModels.Run(native, inputs));
        }
    }

    [Fact]
    public void The_single_tensor_run_matches_the_multi_tensor_run()
    {
        const string file = "linear_regressor.onnx";
        using var managed = ManagedInferenceEngine.Load(TestModels.PathOf(file));
        using var native = TestModels.LoadNative(file);
        var input = TestModels.RandomInputs(TestModels.Get(file), managed.Inputs, seed: 3);
        var expected = TestModels.Run(managed, input)[0];
        Span<float> a = stackalloc float[1];
        Span<float> b = stackalloc float[1];
        managed.Run(input[0], a);
        native.Run(input[0], b);
        Assert.Equal(expected[0], a[0]);
        Assert.True(Math.Abs(a[0] - b[0]) <= (Relative * Math.Abs(a[0])) + AbsoluteFloor, $"managed {a[0]} vs ort {b[0]}");
    }

    [Fact]
    public void The_native_engine_reports_the_loaded_library_version()
    {
        using var native = TestModels.LoadNative("linear_regressor.onnx");
        Assert.Matches(@"^\d+\.\d+\.\d+", native.Version);
    }

    [Fact]
    public void A_wrongly_sized_input_span_is_rejected_by_both_engines()
    {
        using var managed = ManagedInferenceEngine.Load(TestModels.PathOf("linear_regressor.onnx"));
        using var native = TestModels.LoadNative("linear_regressor.onnx");
        var output = new float[1];
        Assert.Throws<ArgumentException>(() => managed.Run(new float[5], output));
        Assert.Throws<ArgumentException>(() => native.Run(new float[7], output));
    }

    private static void AssertSameSignature(IInferenceEngine managed, IInferenceEngine native)
    {
        Assert.Equal(native.Inputs.Select(i => i.ToString()), managed.Inputs.Select(i => i.ToString()));
        Assert.Equal(native.Outputs.Select(o => o.ToString()), managed.Outputs.Select(o => o.ToString()));
    }

    private void AssertClose(string file, int seed, IReadOnlyList<TensorDescription> outputs, float[][] managed, float[][] native)
    {
        var worst = 0.0;
        for (var o = 0; o < outputs.Count; o++)
        {
            for (var i = 0; i < managed[o].Length; i++)
            {
                var (m, n) = (managed[o][i], native[o][i]);
                if (float.IsNaN(m) && float.IsNaN(n))
                {
                    continue;
                }

                var allowed = (Relative * Math.Max(Math.Abs(m), Math.Abs(n))) + AbsoluteFloor;
                worst = Math.Max(worst, Math.Abs((double)m - n) / allowed);
                Assert.True(
                    Math.Abs((double)m - n) <= allowed,
                    $"{file} seed {seed} output '{outputs[o].Name}'[{i}]: managed {m:R} vs onnxruntime {n:R} (difference {Math.Abs((double)m - n):E2}, allowed {allowed:E2})");
            }
        }

        log.WriteLine($"{file} seed {seed}: largest difference used {worst:P1} of the allowance");
    }
}
