using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using static EdgeTwin.Sync.Tests.Alignment.AlignerHarness;

namespace EdgeTwin.Sync.Tests.Alignment;

public sealed class AlignerInterpolationTests
{
    private const double Amplitude = 3;
    private const double SineHz = 50;
    private const double RampPerSecond = 7.5;

    // The phase keeps frame times off the zero crossings, where linear interpolation of a sine is exact.
    private static double Sine(long relNs) => Amplitude * Math.Sin((2 * Math.PI * SineHz * relNs / 1e9) + 0.7);

    private static double Ramp(long relNs) => 1 + (RampPerSecond * relNs / 1e9);

    // |f − linear interpolation| ≤ max|f''|·h²/8 (the error term of linear interpolation).
    private static double SineBound(double hSeconds) => Amplitude * Math.Pow(2 * Math.PI * SineHz, 2) * hSeconds * hSeconds / 8;

    [Fact]
    public void Sine_at_1kHz_and_ramp_at_10Hz_align_at_100Hz_within_the_interpolation_error_bound()
    {
        var h = new AlignerHarness(
            [new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5)),
             new AlignedChannel(1, Interpolation.Linear, 10, TimeSpan.FromMilliseconds(150))],
            new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(120) });
        for (long t = 0; t <= 2000 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, Sine(t));
            if (t % (100 * Ms) == 0)
            {
                h.Schedule(1, h.StartUtcNs + t, Ramp(t));
            }
        }

        h.RunFor(2000 * Ms);

        var frames = h.Recorder.Frames;
        Assert.Equal(201, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            var rel = f.TimeNs - h.StartUtcNs;
            Assert.Equal(i * 10 * Ms, rel);
            Assert.Equal(Quality.Good, f.Values[0].Quality);
            Assert.Equal(Quality.Good, f.Values[1].Quality);
            Assert.Equal(Sine(rel), f.Values[0].Value, SineBound(0.001));
            Assert.Equal(Ramp(rel), f.Values[1].Value, 1e-9);
            // The 10 Hz channel sets the pace: a frame waits for the ramp sample after it, never longer.
            var nextRampNs = ((rel / (100 * Ms)) + (rel % (100 * Ms) == 0 ? 0 : 1)) * 100 * Ms;
            Assert.Equal(Math.Max(nextRampNs, rel), f.EmittedNs - h.StartUtcNs);
        }

        Assert.Equal(0, h.Aligner.Frames.FramesLate);
        Assert.Equal(0, h.Aligner.Statistics(0).StaleFrames);
    }

    [Fact]
    public void Sine_off_the_frame_grid_is_interpolated_not_sampled()
    {
        // Samples at 0.5 ms, 1.5 ms, …: no sample ever falls on a frame time, so every value is interpolated.
        var h = new AlignerHarness([new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5))]);
        for (var t = Ms / 2; t <= 500 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, Sine(t));
        }

        h.RunFor(500 * Ms);

        var maxError = 0.0;
        foreach (var f in h.Recorder.Frames.Skip(1))
        {
            var rel = f.TimeNs - h.StartUtcNs;
            maxError = Math.Max(maxError, Math.Abs(f.Values[0].Value - Sine(rel)));
            Assert.Equal(Quality.Good, f.Values[0].Quality);
        }

        Assert.InRange(maxError, 1e-6, SineBound(0.001));
        Assert.Equal(49, h.Recorder.Frames.Count - 1);
    }

    [Fact]
    public void Jittered_timestamps_stay_within_the_bound_of_the_widest_interval_and_show_in_the_jitter_statistic()
    {
        var h = new AlignerHarness([new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5))]);
        var random = new Random(42);
        const long jitterNs = 200_000;
        var times = new List<long>();
        for (long k = 1; k <= 3000; k++)
        {
            var t = (k * Ms) + random.NextInt64(-jitterNs, jitterNs + 1);
            times.Add(t);
            h.Schedule(0, h.StartUtcNs + t, Sine(t), delayNs: jitterNs);
        }

        h.RunFor(3001 * Ms);

        var widest = times.Zip(times.Skip(1), (a, b) => b - a).Max() / 1e9;
        var frames = h.Recorder.Frames.Where(f => f.Values[0].Quality == Quality.Good).ToList();
        Assert.InRange(frames.Count, 295, 300);
        foreach (var f in frames)
        {
            var rel = f.TimeNs - h.StartUtcNs;
            Assert.Equal(Sine(rel), f.Values[0].Value, SineBound(widest));
        }

        // Uniform ±200 µs on each stamp: an interval's spread is the difference of two, σ = 400 µs / √6 ≈ 163 µs.
        var stats = h.Aligner.Statistics(0);
        Assert.Equal(3000, stats.Samples);
        Assert.InRange(stats.JitterNs, 150_000, 177_000);
        Assert.InRange(stats.JitterMaxNs, 300_000, 2 * jitterNs);
        Assert.Equal(1e6, stats.MeanIntervalNs, 1_000.0);
    }

    [Fact]
    public void A_discrete_channel_holds_its_last_value_and_is_never_interpolated()
    {
        var h = new AlignerHarness(
            [new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromMilliseconds(50)),
             new AlignedChannel(1, Interpolation.Linear, 100, TimeSpan.FromMilliseconds(50))]);
        // Both change at 15 ms, between the 10 ms and 20 ms frames.
        h.Schedule(0, h.StartUtcNs + (5 * Ms), 0);
        h.Schedule(0, h.StartUtcNs + (15 * Ms), 1);
        h.Schedule(0, h.StartUtcNs + (25 * Ms), 1);
        h.Schedule(1, h.StartUtcNs + (5 * Ms), 0);
        h.Schedule(1, h.StartUtcNs + (15 * Ms), 1);
        h.Schedule(1, h.StartUtcNs + (25 * Ms), 1);

        h.RunFor(25 * Ms);

        var at10 = h.Recorder.Frames.Single(f => f.TimeNs == h.StartUtcNs + (10 * Ms));
        var at20 = h.Recorder.Frames.Single(f => f.TimeNs == h.StartUtcNs + (20 * Ms));
        Assert.Equal(new FrameValue(0, Quality.Good), at10.Values[0]);
        Assert.Equal(new FrameValue(0.5, Quality.Good), at10.Values[1]);
        Assert.Equal(new FrameValue(1, Quality.Good), at20.Values[0]);
    }

    [Fact]
    public void Frame_skew_is_the_spread_of_the_bracketing_sample_times()
    {
        var h = new AlignerHarness(
            [new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5)),
             new AlignedChannel(1, Interpolation.Linear, 10, TimeSpan.FromMilliseconds(150))],
            new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(120) });
        for (var t = Ms / 2; t <= 200 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, 0);
        }

        h.Schedule(1, h.StartUtcNs, 0);
        h.Schedule(1, h.StartUtcNs + (100 * Ms), 0);
        h.Schedule(1, h.StartUtcNs + (200 * Ms), 0);

        h.RunFor(101 * Ms);

        // Frames 10…90 ms use the 10 Hz samples at 0 and 100 ms; the 100 ms frame uses the 10 Hz sample on it
        // and the 1 kHz samples at 99.5 and 100.5 ms.
        Assert.Equal(11, h.Aligner.Frames.FramesEmitted);
        Assert.Equal(100 * Ms, h.Aligner.Frames.SkewMaxNs);
        Assert.Equal(Ms, h.Aligner.Frames.SkewLastNs);
    }

    [Fact]
    public void An_event_driven_setpoint_is_held_but_left_out_of_the_skew()
    {
        var h = new AlignerHarness(
            [new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5)),
             new AlignedChannel(1, Interpolation.Hold, 1, TimeSpan.FromDays(1), EventDriven: true)]);
        h.Schedule(1, h.StartUtcNs - (3000 * Ms), 1500);
        for (var t = Ms / 2; t <= 60 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, 0);
        }

        h.RunFor(50 * Ms);

        // The setpoint was last written 3 s ago: held at its value, Good, and not a 3 s skew.
        Assert.True(h.Aligner.Frames.FramesEmitted >= 4);
        Assert.Equal(Ms, h.Aligner.Frames.SkewMaxNs);
        Assert.All(h.Recorder.Frames, f => Assert.Equal(new FrameValue(1500, Quality.Good), f.Values[1]));
    }
}
