using System.Threading.Channels;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Scores aligned frames on the aligner's thread: feature windows → model → alert, trends → time to limit,
/// and once a second the health index. Results go into the twin as samples (so the store keeps them and the
/// uplink forwards them); alert transitions go to <see cref="Alerts"/> for the durable event log, which
/// must not be written on this thread (each append is an fsync). Allocates only on an alert transition.
/// </summary>
internal sealed class FrameScoring : IFrameConsumer
{
    /// <summary>OPC UA Bad_ConfigurationError (OPC 10000-4 §7.39): the score's model is unusable.</summary>
    public static readonly Quality ModelUnavailable = new(0x80890000);

    private const long SummaryPeriodNs = 1_000_000_000;

    private readonly Scorer[] _scorers;
    private readonly Trend[] _trends;
    private readonly ISampleSink _sink;
    private readonly int _healthChannel;
    private readonly double _horizonMinutes;
    private readonly Sample[] _out;
    private readonly ScoreState[] _states;
    private readonly double[] _minutes;
    private readonly Channel<AlertEvent> _alerts = Channel.CreateBounded<AlertEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    private long _nextSummaryNs = long.MinValue;
    private bool _reportedUnavailable;

    public FrameScoring(IReadOnlyList<Scorer> scorers, IReadOnlyList<Trend> trends, int healthChannel, TimeSpan healthHorizon, ISampleSink sink)
    {
        _scorers = [.. scorers];
        _trends = [.. trends];
        _sink = sink;
        _healthChannel = healthChannel;
        _horizonMinutes = healthHorizon.TotalMinutes;
        _out = new Sample[(2 * _scorers.Length) + 1 + _trends.Length];
        _states = new ScoreState[_scorers.Length];
        _minutes = new double[_trends.Length];
    }

    public ChannelReader<AlertEvent> Alerts => _alerts.Reader;

    public double Health { get; private set; } = double.NaN;

    public IReadOnlyList<Scorer> Scorers => _scorers;

    public IReadOnlyList<Trend> Trends => _trends;

    public void OnFrame(long frameTimeNs, ReadOnlySpan<FrameValue> values)
    {
        var n = 0;
        foreach (var s in _scorers)
        {
            if (s.Engine is null)
            {
                if (!_reportedUnavailable)
                {
                    _out[n++] = new Sample(s.ScoreChannel, frameTimeNs, double.NaN, ModelUnavailable);
                }

                continue;
            }

            if (!s.Window.Add(values))
            {
                continue;
            }

            s.Engine.Run(s.Window.Features, s.Output);
            var score = (double)s.Output[0];
            s.LastScore = score;
            s.Windows++;
            var transition = s.Alert.Update(frameTimeNs, score);
            _out[n++] = new Sample(s.ScoreChannel, frameTimeNs, score, double.IsFinite(score) ? Quality.Good : Quality.SensorNotAccurate);
            _out[n++] = new Sample(s.AlertChannel, frameTimeNs, s.Alert.Active ? 1 : 0, Quality.Good);
            if (transition != AlertTransition.None)
            {
                _alerts.Writer.TryWrite(new AlertEvent(s.Settings.Name, frameTimeNs, transition == AlertTransition.Raised, score, s.Settings.Alert));
            }
        }

        _reportedUnavailable = true;
        foreach (var t in _trends)
        {
            if ((uint)t.FrameIndex < (uint)values.Length && FeatureWindow.IsUsable(values[t.FrameIndex]))
            {
                t.Estimate.Add(frameTimeNs, values[t.FrameIndex].Value);
            }
        }

        if (frameTimeNs >= _nextSummaryNs)
        {
            _nextSummaryNs = frameTimeNs + SummaryPeriodNs;
            n = Summarize(frameTimeNs, n);
        }

        if (n > 0)
        {
            _sink.Publish(_out.AsSpan(0, n));
        }
    }

    private int Summarize(long timeNs, int n)
    {
        for (var i = 0; i < _scorers.Length; i++)
        {
            var s = _scorers[i];
            _states[i] = new ScoreState(s.Engine is not null, s.LastScore, s.Settings.Alert, s.Alert.Active);
        }

        for (var i = 0; i < _trends.Length; i++)
        {
            var minutes = _trends[i].Estimate.Minutes;
            _minutes[i] = minutes;
            _out[n++] = new Sample(_trends[i].Channel, timeNs, minutes, Quality.Good);
        }

        Health = HealthIndex.Compute(_states, _minutes, _horizonMinutes);
        _out[n++] = new Sample(_healthChannel, timeNs, Health, Quality.Good);
        return n;
    }

    /// <summary>A time-to-limit estimate fed from one frame channel, published on one twin channel.</summary>
    internal sealed record Trend(string Name, int FrameIndex, int Channel, TimeToLimit Estimate);
}
