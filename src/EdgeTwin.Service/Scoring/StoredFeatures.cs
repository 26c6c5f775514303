using EdgeTwin.Drivers.Samples;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Rebuilds a score's feature windows from stored samples exactly as the running gateway builds them: the
/// stored samples of the scored channels, merged in time order, go through an aligner of the twin's definition
/// (<see cref="TwinRuntime.CreateAligner"/>: frame rate, interpolation, max ages, latency budget, frame layout)
/// and the same <see cref="FeatureWindow"/>, with the replay time standing in for the clock. The twin's other
/// channels are not replayed: a channel that never delivers holds no frame back and no feature reads it.
/// </summary>
internal static class StoredFeatures
{
    public const int MaxRows = 1_000_000;

    /// <summary>One row of raw (un-normalized) features per completed window.</summary>
    public static List<double[]> Extract(GatewayConfig config, ScoreSettings score, IStoredSamples store, long fromNs, long toNs)
    {
        var clock = new ReplayClock();
        var aligner = TwinRuntime.CreateAligner(config, TwinLayout.Channels(config), clock);
        var channels = new ScoringChannels(config, aligner.Channels);
        var collector = new Collector(new FeatureWindow(
            [.. score.Features.Select(f => new FeatureSpec(channels.FrameIndex(f.Channel), f.Statistic, 0, 1))],
            Math.Max(2, ScoringChannels.Frames(score.Window, config)),
            ScoringChannels.Frames(score.Hop, config)));
        aligner.AddConsumer(collector);

        var replayed = channels.Used;
        var storeIds = replayed.Select(id => IndexOf(store.ChannelPaths, channels.Layout[id].TwinPath)).ToArray();
        var sources = storeIds.Select(id => id < 0 ? Enumerable.Empty<StoredSample>().GetEnumerator() : store.ReadRange(id, fromNs, toNs).GetEnumerator()).ToArray();
        try
        {
            var live = sources.Select(s => s.MoveNext()).ToArray();
            Span<Sample> one = new Sample[1];
            while (collector.Rows.Count < MaxRows)
            {
                var next = -1;
                for (var i = 0; i < sources.Length; i++)
                {
                    if (live[i] && (next < 0 || sources[i].Current.TimestampNs < sources[next].Current.TimestampNs))
                    {
                        next = i;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                var s = sources[next].Current;
                one[0] = new Sample(replayed[next], s.TimestampNs, s.Value, s.Quality);
                aligner.Publish(one);
                clock.MonotonicNowNs = Math.Max(clock.MonotonicNowNs, s.TimestampNs);
                aligner.Poll(clock.MonotonicNowNs);
                live[next] = sources[next].MoveNext();
            }
        }
        finally
        {
            foreach (var s in sources)
            {
                s.Dispose();
            }
        }

        return collector.Rows;
    }

    private static int IndexOf(IReadOnlyList<string> paths, string path)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            if (paths[i] == path)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Collector(FeatureWindow window) : IFrameConsumer
    {
        private long _lastFrameNs = long.MinValue;
        private long _periodNs;

        public List<double[]> Rows { get; } = [];

        public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
        {
            // A gap in the stored data (gateway stopped) must not make one window out of two runs.
            if (_lastFrameNs != long.MinValue)
            {
                var step = frameTimeNs - _lastFrameNs;
                _periodNs = _periodNs == 0 ? step : Math.Min(_periodNs, step);
                if (step > 2 * _periodNs)
                {
                    window.Reset();
                }
            }

            _lastFrameNs = frameTimeNs;
            if (window.Add(values))
            {
                Rows.Add(window.RawFeatures.ToArray());
            }
        }
    }
}
