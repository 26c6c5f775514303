using EdgeTwin.Drivers.Samples;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Scoring;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Tests.Scoring;

/// <summary>
/// <c>train</c> must see the features the running gateway scores: the simulated plant runs with scoring on the
/// twin's frames while every sample is recorded; replaying the recording through <see cref="StoredFeatures"/> gives
/// the same feature rows, window for window.
/// </summary>
public sealed class TrainingFeaturesTests
{
    [Fact]
    public void Replayed_stored_samples_give_the_features_the_live_twin_frames_gave()
    {
        using var run = new SimulatedPlantRun();
        var recording = new Recording(run.Gateway.Channels.Count);
        run.Gateway.Pipeline.AddConsumer(recording);
        run.RunUntil(1);

        // Attached once every channel has data, so that the first live frame is complete.
        var live = run.Config.Scoring.Scores.Select(s => new LiveWindows(run.Config, s, run.Gateway.Aligner)).ToList();
        live.ForEach(run.Gateway.Aligner.AddConsumer);
        run.RunUntil(41);

        var store = new RecordedStore(TwinLayout.Paths(run.Config), recording);
        foreach (var windows in live)
        {
            // From just before the first live frame, so the replay's frames and windows start on the same frame. The
            // first window may differ in the last digits: the 10 Hz temperature has no sample before its first frames.
            var replayed = StoredFeatures.Extract(run.Config, windows.Score, store, windows.FirstFrameNs - 1_000_000, long.MaxValue);
            Assert.True(windows.Rows.Count >= 15, $"{windows.Score.Name}: only {windows.Rows.Count} live windows");
            Assert.InRange(replayed.Count, windows.Rows.Count - 1, windows.Rows.Count + 1);
            for (var i = 1; i < Math.Min(replayed.Count, windows.Rows.Count); i++)
            {
                for (var f = 0; f < replayed[i].Length; f++)
                {
                    var expected = windows.Rows[i][f];
                    Assert.True(Math.Abs(replayed[i][f] - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
                        $"{windows.Score.Name} window {i} feature {f}: replayed {replayed[i][f]}, live {expected}");
                }
            }
        }
    }

    private sealed class LiveWindows : IFrameConsumer
    {
        private readonly FeatureWindow _window;

        public LiveWindows(Service.Configuration.GatewayConfig config, Service.Configuration.ScoreSettings score, Aligner frames)
        {
            Score = score;
            var channels = new ScoringChannels(config, frames.Channels);
            _window = new FeatureWindow(
                [.. score.Features.Select(f => new FeatureSpec(channels.FrameIndex(f.Channel), f.Statistic, 0, 1))],
                Math.Max(2, ScoringChannels.Frames(score.Window, config)),
                ScoringChannels.Frames(score.Hop, config));
        }

        public Service.Configuration.ScoreSettings Score { get; }

        public long FirstFrameNs { get; private set; } = long.MinValue;

        public List<double[]> Rows { get; } = [];

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            if (FirstFrameNs == long.MinValue)
            {
                FirstFrameNs = frameTimeNs;
            }

            if (_window.Add(values))
            {
                Rows.Add(_window.RawFeatures.ToArray());
            }
        }
    }

    /// <summary>Every sample the pipeline carried, by channel, numbered as the store numbers them.</summary>
    private sealed class Recording(int channels) : ISampleSink
    {
        public List<StoredSample>[] Samples { get; } = [.. Enumerable.Range(0, channels).Select(_ => new List<StoredSample>())];

        public void Publish(ReadOnlySpan<Sample> samples)
        {
            lock (Samples)
            {
                foreach (var s in samples)
                {
                    var list = Samples[s.Channel];
                    list.Add(new StoredSample(list.Count + 1, s.TimestampNs, s.Value, s.Quality));
                }
            }
        }
    }

    private sealed class RecordedStore(IReadOnlyList<string> paths, Recording recording) : IStoredSamples
    {
        public IReadOnlyList<string> ChannelPaths => paths;

        public int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination)
        {
            var n = 0;
            foreach (var s in recording.Samples[channel])
            {
                if (s.Sequence > afterSequence && n < destination.Length)
                {
                    destination[n++] = s;
                }
            }

            return n;
        }

        public IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs) =>
            recording.Samples[channel].Where(s => s.TimestampNs >= fromNs && s.TimestampNs <= toNs);
    }
}
