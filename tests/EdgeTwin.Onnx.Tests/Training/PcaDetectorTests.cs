using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Model;
using EdgeTwin.Onnx.Training;

namespace EdgeTwin.Onnx.Tests.Training;

public sealed class PcaDetectorTests
{
    /// <summary>Five correlated features driven by two hidden factors plus noise, like speed and load driving a machine.</summary>
    private static List<double[]> NormalRows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        for (var i = 0; i < count; i++)
        {
            double a = random.NextDouble() * 10, b = random.NextDouble() * 3;
            rows.Add([a + 100, (2 * a) + Noise(random), b, a - b + Noise(random), 5 + Noise(random)]);
        }

        return rows;
    }

    private static double Noise(Random random) => (random.NextDouble() - 0.5) * 0.2;

    [Fact]
    public void Normal_rows_score_about_one_and_broken_correlations_or_ranges_score_high()
    {
        var detector = PcaDetector.Fit(NormalRows(2000, 1));
        var test = NormalRows(500, 2).Select(r => detector.Score(detector.Normalize(r))).ToList();
        Assert.InRange(test.Average(), 0.7, 1.3);

        // Correlation broken (Q): feature 1 no longer twice feature 0.
        Assert.True(detector.Score(detector.Normalize([105, 2, 1, 4, 5])) > 20);
        // Range exceeded (T²): every relation holds but the level is far outside training.
        Assert.True(detector.Score(detector.Normalize([150, 100, 1, 49, 5])) > 20);
    }

    [Fact]
    public void The_onnx_model_computes_the_detectors_score_in_both_engines()
    {
        var detector = PcaDetector.Fit(NormalRows(1000, 3));
        var bytes = detector.ToOnnx();
        var model = OnnxModelReader.Read(bytes);
        Assert.Equal(PcaDetector.InputName, model.Graph.Inputs.Single().Name);

        using var managed = ManagedInferenceEngine.Load(bytes);
        using var native = Runtime.OnnxRuntimeEngine.Load(bytes, new Runtime.OnnxRuntimeOptions { LibraryPath = TestModels.OrtLibrary });
        var output = new float[1];
        var nativeOutput = new float[1];
        foreach (var row in NormalRows(50, 4).Append([150, 100, 1, 49, 5]))
        {
            var z = detector.Normalize(row);
            var input = z.Select(v => (float)v).ToArray();
            managed.Run(input, output);
            native.Run(input, nativeOutput);
            var expected = detector.Score(z);
            Assert.Equal(expected, output[0], Math.Max(1e-4, expected * 1e-4));
            Assert.True(Math.Abs(output[0] - nativeOutput[0]) <= (1e-5 * Math.Abs(output[0])) + 1e-6, $"managed {output[0]} vs ORT {nativeOutput[0]}");
        }
    }

    [Fact]
    public void A_feature_that_never_moved_is_not_a_division_by_zero()
    {
        var rows = NormalRows(200, 5).Select(r => r.Append(42.0).ToArray()).ToList();
        var detector = PcaDetector.Fit(rows);
        Assert.True(double.IsFinite(detector.Score(detector.Normalize(rows[0]))));
        Assert.True(detector.Score(detector.Normalize(rows[0].Take(5).Append(43.0).ToArray())) > 100);
    }

    [Fact]
    public void Eigen_decomposition_reconstructs_the_matrix()
    {
        double[,] m = { { 4, 1, 0.5 }, { 1, 3, 0.2 }, { 0.5, 0.2, 1 } };
        var (values, vectors) = SymmetricEigen.Decompose(m);
        Assert.True(values[0] >= values[1] && values[1] >= values[2]);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                var sum = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    sum += vectors[r, k] * values[k] * vectors[c, k];
                }

                Assert.Equal(m[r, c], sum, 10);
            }
        }
    }

    [Fact]
    public void Too_few_or_ragged_rows_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PcaDetector.Fit([[1.0, 2.0]]));
        Assert.Throws<ArgumentException>(() => PcaDetector.Fit([[1.0, 2.0], [1.0]]));
    }
}
