using EdgeTwin.Drivers.Samples;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Training;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Tests.Scoring;

public sealed class FrameScoringTests
{
    private const long FrameNs = 10_000_000;

    private sealed class Recorder : ISampleSink
    {
        public List<Sample> Samples { get; } = new(100_000);

        public void Publish(ReadOnlySpan<Sample> samples)
        {
            foreach (var s in samples)
            {
                Samples.Add(s);
            }
        }
    }

    private static (FrameScoring Scoring, Recorder Sink) Create(string? error = null)
    {
        var random = new Random(3);
        var detector = PcaDetector.Fit([.. Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble(), random.NextDouble() })]);
        var settings = new ScoreSettings("s", "m.onnx", ScoringEngine.Managed, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
            [new FeatureSettings("a", FeatureStatistic.Mean, 0, 1), new FeatureSettings("b", FeatureStatistic.Mean, 0, 1)],
            new AlertPolicy(5, 3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), AlertSeverity.Warning));
        var window = new FeatureWindow(
            [new FeatureSpec(0, FeatureStatistic.Mean, detector.Mean[0], detector.StdDev[0]), new FeatureSpec(1, FeatureStatistic.Mean, detector.Mean[1], detector.StdDev[1])], 100, 100);
        var engine = error is null ? ManagedInferenceEngine.Load(detector.ToOnnx()) : null;
        var sink = new Recorder();
        var trend = new FrameScoring.Trend("t", 0, 12, new TimeToLimit(10, TimeSpan.FromMinutes(1)));
        return (new FrameScoring([new Scorer(settings, window, engine, error, 10, 11)], [trend], 13, TimeSpan.FromMinutes(15), sink), sink);
    }

    [Fact]
    public void Scores_alerts_and_health_reach_the_twin_and_an_anomaly_raises_one_alert_event()
    {
        var (scoring, sink) = Create();
        var frame = new FrameValue[2];
        for (var i = 0; i < 3000; i++)
        {
            // 20 s normal, then the relation breaks: feature b far outside anything seen in training.
            var b = i < 2000 ? 0.5 : 50;
            frame[0] = new FrameValue(0.5, Quality.Good);
            frame[1] = new FrameValue(b, Quality.Good);
            scoring.OnFrame(i * FrameNs, frame);
        }

        Assert.True(scoring.Alerts.TryRead(out var alert));
        Assert.True(alert.Raised);
        Assert.InRange(alert.TimeNs, 2000 * FrameNs, 2500 * FrameNs);
        Assert.False(scoring.Alerts.TryRead(out _));
        Assert.Equal(30, sink.Samples.Count(s => s.Channel == 10));
        Assert.Equal(1, sink.Samples.Last(s => s.Channel == 11).Value);
        Assert.Equal(0, sink.Samples.First(s => s.Channel == 11).Value);
        Assert.Equal(70, sink.Samples.Last(s => s.Channel == 13).Value);
        Assert.Equal(30, sink.Samples.Count(s => s.Channel == 13));
    }

    [Fact]
    public void An_unavailable_score_is_published_once_as_a_configuration_error_and_costs_health()
    {
        var (scoring, sink) = Create(error: "score 's': model file 'm.onnx' not found");
        var frame = new[] { new FrameValue(1, Quality.Good), new FrameValue(1, Quality.Good) };
        for (var i = 0; i < 300; i++)
        {
            scoring.OnFrame(i * FrameNs, frame);
        }

        var score = Assert.Single(sink.Samples, s => s.Channel == 10);
        Assert.Equal(FrameScoring.ModelUnavailable, score.Quality);
        Assert.Equal(100 - HealthIndex.UnavailablePenalty, scoring.Health);
    }

    [Fact]
    public void Scoring_a_frame_allocates_nothing()
    {
        var (scoring, _) = Create();
        var frame = new[] { new FrameValue(0.5, Quality.Good), new FrameValue(0.5, Quality.Good) };
        for (var i = 0; i < 1000; i++)
        {
            scoring.OnFrame(i * FrameNs, frame);
        }

        var sinkless = new FrameScoring(scoring.Scorers, scoring.Trends, 13, TimeSpan.FromMinutes(15), new NullSink());

        // Several rounds, the least counted: a round during which the runtime re-compiles the method at a
        // higher tier may see the runtime's own allocations; a per-frame allocation shows in every round.
        var least = long.MaxValue;
        for (var round = 0; round < 4; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 4000; i++)
            {
                sinkless.OnFrame((1000 + (round * 4000) + i) * FrameNs, frame);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
    }

    private sealed class NullSink : ISampleSink
    {
        public void Publish(ReadOnlySpan<Sample> samples)
        {
        }
    }
}
