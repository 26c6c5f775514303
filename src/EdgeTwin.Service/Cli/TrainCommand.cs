using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeTwin.Onnx;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Runtime;
using EdgeTwin.Onnx.Training;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;
using EdgeTwin.Service.Storage;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>edgetwin train --score NAME --from T --to T [--out model.onnx]</c>: fits a PCA detector to the stored
/// normal-operation windows of one configured score, writes it as ONNX, checks it loads in the managed evaluator
/// (and in ONNX Runtime when a library is at hand), and prints the threshold it chose and the configuration
/// snippet with the feature normalization (docs/scoring.md, "Training").
/// </summary>
internal static class TrainCommand
{
    public const int MinimumWindows = 50;

    public static Command Create(Func<ParseResult, Func<LoadedConfig, Task<int>>, Task<int>> withConfig)
    {
        ArgumentNullException.ThrowIfNull(withConfig);
        var score = new Option<string>("--score") { Description = "The configured score (Scoring:Scores:NAME) to train", Required = true };
        var from = new Option<string>("--from") { Description = "Start of normal operation, ISO 8601", Required = true };
        var to = new Option<string>("--to") { Description = "End of normal operation, ISO 8601, inclusive", Required = true };
        var output = new Option<string?>("--out") { Description = "Model file to write (default: the score's configured Model)" };
        var quantile = new Option<double>("--quantile") { Description = "Quantile of the training scores the threshold starts from", DefaultValueFactory = _ => 0.999 };
        var margin = new Option<double>("--margin") { Description = "Raise level = quantile × margin", DefaultValueFactory = _ => 1.5 };
        var ort = new Option<string?>("--ort-library") { Description = "libonnxruntime.so to cross-check the model with (default: $EDGETWIN_ORT_LIB or .tools/onnxruntime)" };
        var command = new Command("train", "Fit a score's model to stored normal-operation data, write the .onnx and print its configuration.");
        foreach (var o in new Option[] { score, from, to, output, quantile, margin, ort })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => withConfig(parse, loaded => Task.FromResult(Run(loaded, parse.GetValue(score)!, parse.GetValue(from)!, parse.GetValue(to)!,
            parse.GetValue(output), parse.GetValue(quantile), parse.GetValue(margin), parse.GetValue(ort), Console.Out))).GetAwaiter().GetResult());
        return command;
    }

    public static int Run(LoadedConfig loaded, string scoreName, string from, string to, string? output, double quantile, double margin, string? ortLibrary, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(report);
        var config = loaded.Config;
        var score = config.Scoring.Scores.FirstOrDefault(s => s.Name == scoreName);
        if (score is null)
        {
            Console.Error.WriteLine($"error: no score '{scoreName}' under Scoring:Scores; configured: {string.Join(", ", config.Scoring.Scores.Select(s => s.Name))}");
            return ExitCodes.ConfigurationError;
        }

        if (!TryParseTime(from, out var fromNs) || !TryParseTime(to, out var toNs) || toNs <= fromNs)
        {
            Console.Error.WriteLine($"error: --from and --to must be ISO 8601 times with --from before --to, got '{from}' and '{to}'");
            return ExitCodes.ConfigurationError;
        }

        if (!(quantile is > 0.5 and < 1) || !(margin is >= 1 and <= 100))
        {
            Console.Error.WriteLine("error: --quantile must be in (0.5, 1) and --margin in [1, 100]");
            return ExitCodes.ConfigurationError;
        }

        var path = output ?? ScoreModel.Resolve(score.Model, loaded.Source);
        List<double[]> rows;
        try
        {
            using var store = SampleStore.OpenReadOnly(StoreService.StoreOptionsFor(config.Store), TwinLayout.Paths(config));
            rows = StoredFeatures.Extract(config, score, store, fromNs, toNs);
        }
        catch (Exception ex) when (ex is StoreOpenException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (rows.Count < MinimumWindows)
        {
            Console.Error.WriteLine($"error: only {rows.Count} complete windows of score '{score.Name}' in the store between {from} and {to}; " +
                $"training needs at least {MinimumWindows} (about {MinimumWindows * score.Hop.TotalSeconds:0} s of data with every feature channel present)");
            return ExitCodes.Failure;
        }

        var detector = PcaDetector.Fit(rows);
        var bytes = detector.ToOnnx();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, bytes);

        // The threshold comes from the model as written, run by the engine the gateway runs by default.
        var inputs = rows.Select(r => detector.Normalize(r).Select(v => (float)v).ToArray()).ToList();
        double[] scores;
        using (var managed = ManagedInferenceEngine.Load(path))
        {
            scores = Scores(managed, inputs);
        }

        var ortCheck = CrossCheck(path, inputs, scores, ortLibrary);
        Array.Sort(scores);
        var q = scores[Math.Min(scores.Length - 1, (int)Math.Ceiling(quantile * scores.Length) - 1)];
        var raise = Round(q * margin);
        var clear = Round(Math.Max(scores[scores.Length / 2], raise * 0.6));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained '{score.Name}': PCA, {detector.FeatureCount} features, {detector.RetainedComponents} components, {rows.Count} windows from {from} to {to}"));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training scores: median {scores[scores.Length / 2]:G4}, q{quantile * 100:G4} {q:G4}, max {scores[^1]:G4}; raise at {raise:G4} (q × {margin:G3}), clear at {clear:G4}"));
        report.WriteLine($"model written to {Path.GetFullPath(path)} ({bytes.Length} bytes); loads in the managed evaluator; {ortCheck}");
        report.WriteLine("configuration (Scoring:Scores):");
        report.WriteLine(Snippet(score, detector, raise, clear));
        return ExitCodes.Ok;
    }

    private static double[] Scores(IInferenceEngine engine, List<float[]> inputs)
    {
        var output = new float[1];
        var scores = new double[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            engine.Run(inputs[i], output);
            scores[i] = output[0];
        }

        return scores;
    }

    private static string CrossCheck(string path, List<float[]> inputs, double[] managedScores, string? library)
    {
        library ??= Environment.GetEnvironmentVariable("EDGETWIN_ORT_LIB");
        library ??= Path.GetFullPath(Path.Combine(".tools", "onnxruntime", "libonnxruntime.so"));
        if (!File.Exists(library))
        {
            return "ONNX Runtime cross-check skipped (no library; pass --ort-library)";
        }

        try
        {
            using var native = OnnxRuntimeEngine.Load(path, new OnnxRuntimeOptions { LibraryPath = library });
            var nativeScores = Scores(native, inputs);
            var worst = managedScores.Zip(nativeScores).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1e-6, Math.Abs(p.First)));
            return string.Create(CultureInfo.InvariantCulture, $"ONNX Runtime {native.Version} agrees within {worst:G2} relative on every window");
        }
        catch (OnnxRuntimeException ex)
        {
            return $"ONNX Runtime cross-check FAILED: {ex.Message}";
        }
    }

    private static double Round(double value) => double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Snippet(ScoreSettings score, PcaDetector detector, double raise, double clear)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject(score.Name);
            json.WriteString("Model", score.Model);
            json.WriteString("Engine", score.Engine.ToString().ToLowerInvariant());
            if (score.OrtLibrary is not null)
            {
                json.WriteString("OrtLibrary", score.OrtLibrary);
            }

            json.WriteNumber("WindowSeconds", score.Window.TotalSeconds);
            json.WriteNumber("HopSeconds", score.Hop.TotalSeconds);
            json.WriteStartArray("Features");
            for (var i = 0; i < score.Features.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("Channel", score.Features[i].Channel);
                json.WriteString("Statistic", score.Features[i].Statistic.ToString());
                json.WriteNumber("Mean", Math.Round(detector.Mean[i], 9));
                json.WriteNumber("StdDev", Math.Round(detector.StdDev[i], 9));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("Alert");
            json.WriteNumber("Raise", raise);
            json.WriteNumber("Clear", clear);
            json.WriteNumber("RaiseAfterSeconds", score.Alert.RaiseAfter.TotalSeconds);
            json.WriteNumber("ClearAfterSeconds", score.Alert.ClearAfter.TotalSeconds);
            json.WriteString("Severity", score.Alert.Severity.ToString());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool TryParseTime(string text, out long utcNs)
    {
        utcNs = 0;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        utcNs = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        return true;
    }
}
