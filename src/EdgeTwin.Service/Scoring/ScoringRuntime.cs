using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Everything scoring needs, built from the configuration over the twin's aligned frames: one
/// <see cref="Scorer"/> per score (a model that fails to load leaves that score unavailable, with its error),
/// the trends, and the frame consumer that ties them together. No threads and no aligner of its own: it scores
/// on the twin's frame thread once attached (a second aligner would cost a second 100 Hz thread and a second
/// set of rings for the same frames); tests poll the twin's aligner with a manual clock.
/// </summary>
internal sealed class ScoringRuntime : IDisposable
{
    private ScoringRuntime(Aligner aligner, FrameScoring scoring)
    {
        Aligner = aligner;
        Scoring = scoring;
    }

    /// <summary>The twin's aligner whose frames are scored.</summary>
    public Aligner Aligner { get; }

    public FrameScoring Scoring { get; }

    public IReadOnlyList<Scorer> Scorers => Scoring.Scorers;

    /// <param name="frames">The twin's aligner (<c>Gateway.Aligner</c>); scoring reads its frames once <see cref="Attach"/>ed.</param>
    /// <param name="sink">Where scores, alerts, health and time-to-limit go (the gateway's sample pipeline).</param>
    /// <param name="configSource">The configuration file, against which relative model paths are resolved.</param>
    public static ScoringRuntime Create(GatewayConfig config, Aligner frames, ISampleSink sink, string? configSource)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(frames);
        var channels = new ScoringChannels(config, frames.Channels);
        var scorers = new List<Scorer>();
        foreach (var score in config.Scoring.Scores)
        {
            var window = new FeatureWindow(
                [.. score.Features.Select(f => new FeatureSpec(channels.FrameIndex(f.Channel), f.Statistic, f.Mean, f.StdDev))],
                Math.Max(2, ScoringChannels.Frames(score.Window, config)),
                ScoringChannels.Frames(score.Hop, config));
            var engine = ScoreModel.TryLoad(score, ScoreModel.Resolve(score.Model, configSource), out var error);
            scorers.Add(new Scorer(score, window, engine, error,
                channels.ChannelId(ScoringLayout.ScorePath(score.Name)), channels.ChannelId(ScoringLayout.AlertPath(score.Name))));
        }

        var trends = config.Scoring.TimeToLimits.Select(t => new FrameScoring.Trend(
            t.Name, channels.FrameIndex(t.Channel), channels.ChannelId(ScoringLayout.TimeToLimitPath(t.Name)), new TimeToLimit(t.Limit, t.Window))).ToList();
        var scoring = new FrameScoring(scorers, trends, channels.ChannelId(ScoringLayout.HealthPath), config.Scoring.HealthHorizon, sink);
        return new ScoringRuntime(frames, scoring);
    }

    /// <summary>Starts scoring the twin's frames (from the next frame on).</summary>
    public void Attach() => Aligner.AddConsumer(Scoring);

    /// <summary>Stops scoring; the twin's frames go on for its other consumers.</summary>
    public void Detach() => Aligner.RemoveConsumer(Scoring);

    public void Dispose()
    {
        foreach (var s in Scorers)
        {
            s.Dispose();
        }
    }
}
