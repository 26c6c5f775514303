using System.Text.Json;
using EdgeTwin.Onnx.Runtime;

namespace EdgeTwin.Onnx.Tests;

/// <summary>The generated models (scripts/models/make_test_models.py) and where ONNX Runtime lives.</summary>
internal static class TestModels
{
    public const string SetupScript = "scripts/setup/onnx.sh";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Models");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    public static IReadOnlyList<ManifestModel> Manifest { get; } = LoadManifest();

    public static IEnumerable<object[]> Files => Manifest.Select(m => new object[] { m.File });

    public static ManifestModel Get(string file) => Manifest.Single(m => m.File == file);

    /// <summary>ONNX Runtime's shared library: $EDGETWIN_ORT_LIB, else .tools/onnxruntime under the repository root.</summary>
    public static string OrtLibrary
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("EDGETWIN_ORT_LIB");
            if (!string.IsNullOrEmpty(configured))
            {
                Assert.True(File.Exists(configured), $"EDGETWIN_ORT_LIB points at '{configured}', which does not exist");
                return configured;
            }

            var path = Path.Combine(RepositoryRoot(), ".tools", "onnxruntime", "libonnxruntime.so");
            Assert.True(File.Exists(path), $"ONNX Runtime not found at {path}; run {SetupScript} (or set EDGETWIN_ORT_LIB)");
            return path;
        }
    }

    public static OnnxRuntimeEngine LoadNative(string file, int batchSize = 1) =>
        OnnxRuntimeEngine.Load(Bytes(file), new OnnxRuntimeOptions { LibraryPath = OrtLibrary, BatchSize = batchSize });

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no EdgeTwin.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Deterministic inputs drawn uniformly from each input's manifest range.</summary>
    public static float[][] RandomInputs(ManifestModel model, IReadOnlyList<TensorDescription> inputs, int seed)
    {
        var random = new Random(seed);
        var values = new float[inputs.Count][];
        for (var i = 0; i < inputs.Count; i++)
        {
            var spec = model.Inputs.Single(s => s.Name == inputs[i].Name);
            values[i] = new float[inputs[i].ElementCount];
            for (var k = 0; k < values[i].Length; k++)
            {
                values[i][k] = (float)(spec.Low + (random.NextDouble() * (spec.High - spec.Low)));
            }
        }

        return values;
    }

    public static float[][] Run(IInferenceEngine engine, float[][] inputs)
    {
        var outputs = engine.Outputs.Select(o => new float[o.ElementCount]).ToArray();
        engine.Run(
            inputs.Select(i => (ReadOnlyMemory<float>)i).ToArray(),
            outputs.Select(o => (Memory<float>)o).ToArray());
        return outputs;
    }

    private static List<ManifestModel> LoadManifest()
    {
        using var stream = File.OpenRead(PathOf("manifest.json"));
        var document = JsonSerializer.Deserialize<ManifestDocument>(stream, JsonOptions);
        return document?.Models ?? throw new InvalidOperationException("manifest.json is empty");
    }
}

internal sealed record ManifestDocument(List<ManifestModel> Models);

internal sealed record ManifestModel(string File, string Description, int Opset, List<string> Operators, List<ManifestInput> Inputs, List<ManifestOutput> Outputs);

internal sealed record ManifestInput(string Name, List<JsonElement> Shape, double Low, double High);

internal sealed record ManifestOutput(string Name, List<JsonElement> Shape);
