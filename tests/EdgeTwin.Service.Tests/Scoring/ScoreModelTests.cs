using EdgeTwin.Onnx.Training;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Tests.Scoring;

public sealed class ScoreModelTests
{
    private static ScoreSettings Score(int features) => new("s", "m.onnx", ScoringEngine.Managed, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1),
        [.. Enumerable.Range(0, features).Select(i => new FeatureSettings($"c{i}", FeatureStatistic.Mean, 0, 1))],
        new AlertPolicy(3, 2, TimeSpan.Zero, TimeSpan.Zero, AlertSeverity.Warning));

    private static byte[] Model(int features)
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 100).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble()).ToArray()).ToList();
        return PcaDetector.Fit(rows).ToOnnx();
    }

    [Fact]
    public void A_fitting_model_loads()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("m.onnx"), Model(3));
        using var engine = ScoreModel.TryLoad(Score(3), dir.File("m.onnx"), out var error);
        Assert.Null(error);
        Assert.NotNull(engine);
    }

    [Fact]
    public void Missing_corrupt_and_incompatible_models_give_one_clear_sentence_each()
    {
        using var dir = new TempDirectory();
        Assert.Null(ScoreModel.TryLoad(Score(3), dir.File("absent.onnx"), out var missing));
        Assert.Equal($"score 's': model file '{dir.File("absent.onnx")}' not found", missing);

        File.WriteAllBytes(dir.File("corrupt.onnx"), Model(3)[..40]);
        Assert.Null(ScoreModel.TryLoad(Score(3), dir.File("corrupt.onnx"), out var corrupt));
        Assert.StartsWith($"score 's': model file '{dir.File("corrupt.onnx")}' is not a valid ONNX model: ", corrupt, StringComparison.Ordinal);

        File.WriteAllBytes(dir.File("four.onnx"), Model(4));
        Assert.Null(ScoreModel.TryLoad(Score(3), dir.File("four.onnx"), out var incompatible));
        Assert.Equal("score 's': the model's inputs (features: Float[1,4]) do not take the 3 configured features", incompatible);
    }

    [Fact]
    public void Relative_model_paths_are_resolved_beside_the_configuration_file()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("models"));
        File.WriteAllText(dir.File("edgetwin.json"), "{}");
        File.WriteAllBytes(dir.File("models/a.onnx"), [1]);
        Assert.Equal(dir.File("models/a.onnx"), ScoreModel.Resolve("models/a.onnx", dir.File("edgetwin.json")));
        Assert.Equal("/abs/a.onnx", ScoreModel.Resolve("/abs/a.onnx", dir.File("edgetwin.json")));
    }
}
