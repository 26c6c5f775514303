using EdgeTwin.Onnx;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Runtime;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Loads a score's model with the configured engine and checks that it fits the configured features: one
/// float input of exactly F values, one output of one value. Every failure becomes one sentence naming the
/// score and the file, so the gateway can report it and run on without that score.
/// </summary>
internal static class ScoreModel
{
    public static IInferenceEngine? TryLoad(ScoreSettings score, string path, out string? error)
    {
        IInferenceEngine? engine = null;
        try
        {
            if (!File.Exists(path))
            {
                error = $"score '{score.Name}': model file '{path}' not found";
                return null;
            }

            engine = score.Engine == ScoringEngine.Ort
                ? OnnxRuntimeEngine.Load(path, new OnnxRuntimeOptions { LibraryPath = score.OrtLibrary! })
                : ManagedInferenceEngine.Load(path);
            error = Incompatibility(score, engine);
            if (error is null)
            {
                return engine;
            }
        }
        catch (OnnxFormatException e)
        {
            error = $"score '{score.Name}': model file '{path}' is not a valid ONNX model: {e.Message}";
        }
        catch (OnnxUnsupportedException e)
        {
            error = $"score '{score.Name}': model file '{path}' uses something the managed evaluator does not implement: {e.Message}";
        }
        catch (OnnxRuntimeException e)
        {
            error = $"score '{score.Name}': ONNX Runtime could not load '{path}': {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"score '{score.Name}': model file '{path}' cannot be read: {e.Message}";
        }

        engine?.Dispose();
        return null;
    }

    private static string? Incompatibility(ScoreSettings score, IInferenceEngine engine)
    {
        if (engine.Inputs.Count != 1 || engine.Inputs[0].ElementCount != score.Features.Count)
        {
            return $"score '{score.Name}': the model's inputs ({string.Join(", ", engine.Inputs)}) do not take the {score.Features.Count} configured features";
        }

        if (engine.Outputs.Count != 1 || engine.Outputs[0].ElementCount != 1)
        {
            return $"score '{score.Name}': the model must have one output of one value (the score), it has {string.Join(", ", engine.Outputs)}";
        }

        return null;
    }

    /// <summary>
    /// A relative model path is looked up beside the configuration file, then under the binary's
    /// <c>config/</c> (the built-in configuration), then in the working directory.
    /// </summary>
    public static string Resolve(string model, string? configSource)
    {
        if (Path.IsPathRooted(model))
        {
            return model;
        }

        var candidates = new List<string>();
        if (configSource is not null && File.Exists(configSource))
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configSource))!, model));
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, "config", model));
        candidates.Add(Path.GetFullPath(model));
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }
}
