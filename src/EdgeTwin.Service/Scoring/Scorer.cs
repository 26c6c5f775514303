using EdgeTwin.Onnx;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Scoring;

/// <summary>One score at run time: its feature window, its model (null when it could not be loaded) and its alert.</summary>
internal sealed class Scorer(ScoreSettings settings, FeatureWindow window, IInferenceEngine? engine, string? error, int scoreChannel, int alertChannel)
    : IDisposable
{
    public ScoreSettings Settings { get; } = settings;

    public FeatureWindow Window { get; } = window;

    public IInferenceEngine? Engine { get; } = engine;

    /// <summary>Why the score is not computed, or null.</summary>
    public string? Error { get; } = error;

    public AlertStateMachine Alert { get; } = new(settings.Alert);

    public int ScoreChannel { get; } = scoreChannel;

    public int AlertChannel { get; } = alertChannel;

    public float[] Output { get; } = new float[1];

    public double LastScore { get; set; } = double.NaN;

    public long Windows { get; set; }

    public void Dispose() => Engine?.Dispose();
}
