using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Everything scoring needs, built from the configuration: its aligner over the scored channels, one
/// <see cref="Scorer"/> per score (a model that fails to load leaves that score unavailable, with its error),
/// the trends, and the frame consumer that ties them together. No threads: the hosted service runs the
/// aligner; tests poll it with a manual clock.
/// </summary>
internal sealed class ScoringRuntime : IDisposable
{
    private ScoringRuntime(Aligner aligner, FrameScoring scoring)
    {
        Aligner = aligner;
        Scoring = scoring;
    }

    public Aligner Aligner { get; }

    public FrameScoring Scoring { get; }

    public IReadOnlyList<Scorer> Scorers => Scoring.Scorers;

    /// <param name="sink">Where scores, alerts, health and time-to-limit go (the gateway's sample pipeline).</param>
    /// <param name="configSource">The configuration file, against which relative model paths are resolved.</param>
    public static ScoringRuntime Create(GatewayConfig config, IClock clock, ISampleSink sink, string? configSource)
    {
        var channels = new ScoringChannels(config);
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
        var aligner = new Aligner(channels.Aligned, clock, ScoringChannels.AlignerOptions(config));
        aligner.AddConsumer(scoring);
        return new ScoringRuntime(aligner, scoring);
    }

    public void Dispose()
    {
        foreach (var s in Scorers)
        {
            s.Dispose();
        }
    }
}
