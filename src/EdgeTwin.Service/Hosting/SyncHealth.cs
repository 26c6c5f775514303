using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Composition;

namespace EdgeTwin.Service.Hosting;

/// <summary>
/// Turns the aligner's sync statistics and the clock's corrections into samples of the gateway/sync/… and
/// gateway/clock/… channels (<see cref="TwinStateLayout"/>). One instance, one thread; the batch is reused.
/// </summary>
/// <remarks>
/// Per device channel: latency = frame emission time − newest sample used (last frame), jitter = σ of the
/// inter-sample intervals since start, staleness = age of the newest sample. The clock's steps are the
/// corrections <see cref="SystemClock.Resynchronize"/> applied (forward steps, and each backward slew
/// increment), slews the backward episodes (wall clock set back, slewed at 500 ppm), offset the wall clock
/// minus the gateway's UTC. Timestamps are strictly increasing even if the clock were not.
/// </remarks>
internal sealed class SyncHealth
{
    private readonly Gateway _gateway;
    private readonly (int AlignedIndex, int Latency)[] _perChannel;
    private readonly int _skew;
    private readonly int _clockSteps;
    private readonly Sample[] _batch;
    private long _lastNs = long.MinValue;
    private bool _slewing;

    public SyncHealth(Gateway gateway)
    {
        _gateway = gateway;
        var aligned = gateway.TwinRuntime.AlignedChannels;
        var list = new List<(int, int)>();
        foreach (var channel in gateway.Config.Devices.SelectMany(d => d.Channels))
        {
            if (gateway.Channels.TryGetId(channel.TwinPath, out var id)
                && gateway.Channels.TryGetId(TwinStateLayout.SyncPath(channel.TwinPath, TwinStateLayout.SyncMetrics[0]), out var latency))
            {
                list.Add((aligned.ToList().IndexOf(id), latency));
            }
        }

        _perChannel = [.. list];
        gateway.Channels.TryGetId($"{TwinStateLayout.SyncPrefix}/frames/skew_ms", out _skew);
        gateway.Channels.TryGetId($"{TwinStateLayout.ClockPrefix}/steps", out _clockSteps);
        _batch = new Sample[(_perChannel.Length * TwinStateLayout.SyncMetrics.Length) + TwinStateLayout.FrameMetrics.Length + TwinStateLayout.ClockMetrics.Length];
    }

    public long Slews { get; private set; }

    /// <summary>Samples the statistics now and returns the batch (valid until the next call).</summary>
    public ReadOnlySpan<Sample> Sample()
    {
        var clock = _gateway.Clock;
        var now = Math.Max(clock.UtcNowNs, _lastNs == long.MinValue ? long.MinValue : _lastNs + 1);
        _lastNs = now;
        var aligner = _gateway.Aligner;
        var n = 0;
        foreach (var (index, latencyId) in _perChannel)
        {
            var s = aligner.Statistics(index);
            var age = s.AgeNs(now);
            var measured = aligner.Frames.FramesEmitted > 0 && s.Samples > 0;
            _batch[n++] = new Sample(latencyId, now, s.LatencyLastNs / 1e6, measured ? Quality.Good : Quality.WaitingForInitialData);
            _batch[n++] = new Sample(latencyId + 1, now, s.JitterNs / 1e6, s.Samples > 2 ? Quality.Good : Quality.WaitingForInitialData);
            _batch[n++] = age == long.MaxValue
                ? new Sample(latencyId + 2, now, double.NaN, Quality.WaitingForInitialData)
                : new Sample(latencyId + 2, now, age / 1e6, Quality.Good);
        }

        var frames = aligner.Frames;
        _batch[n++] = new Sample(_skew, now, frames.SkewLastNs / 1e6, frames.FramesEmitted > 0 ? Quality.Good : Quality.WaitingForInitialData);
        _batch[n++] = new Sample(_skew + 1, now, frames.FramesLate, Quality.Good);

        long steps = 0;
        double offsetMs = 0;
        if (clock is SystemClock system)
        {
            steps = system.StepCount;
            var offset = system.WallClockOffsetNs;
            offsetMs = offset / 1e6;
            var slewing = offset <= -SystemClock.StepThresholdNs;
            if (slewing && !_slewing)
            {
                Slews++;
            }

            _slewing = slewing;
        }

        _batch[n++] = new Sample(_clockSteps, now, steps, Quality.Good);
        _batch[n++] = new Sample(_clockSteps + 1, now, Slews, Quality.Good);
        _batch[n++] = new Sample(_clockSteps + 2, now, offsetMs, Quality.Good);
        return _batch.AsSpan(0, n);
    }
}
