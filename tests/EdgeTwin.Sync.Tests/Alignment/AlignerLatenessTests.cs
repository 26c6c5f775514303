using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using static EdgeTwin.Sync.Tests.Alignment.AlignerHarness;

namespace EdgeTwin.Sync.Tests.Alignment;

public sealed class AlignerLatenessTests
{
    private static AlignerHarness TwoChannels(long budgetMs = 20) => new(
        [new AlignedChannel(0, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(5)),
         new AlignedChannel(1, Interpolation.Linear, 1000, TimeSpan.FromMilliseconds(50))],
        new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(budgetMs) });

    [Fact]
    public void Dropped_samples_older_than_max_age_make_the_value_stale_and_hold_the_last_one()
    {
        var h = TwoChannels();
        for (long t = 0; t <= 500 * Ms; t += Ms)
        {
            if (t < 200 * Ms || t >= 300 * Ms)
            {
                h.Schedule(0, h.StartUtcNs + t, t / (double)Ms);
            }

            h.Schedule(1, h.StartUtcNs + t, 0);
        }

        h.RunFor(500 * Ms);

        var byTime = h.Recorder.Frames.ToDictionary(f => (f.TimeNs - h.StartUtcNs) / Ms);
        Assert.Equal(new FrameValue(190, Quality.Good), byTime[190].Values[0]);
        // 200 ms: the last sample (199 ms) is within max age but nothing follows it: held and marked SubNormal,
        // after the budget.
        Assert.Equal(new FrameValue(199, FrameQuality.SubNormal), byTime[200].Values[0]);
        Assert.Equal(220 * Ms, byTime[200].EmittedNs - h.StartUtcNs);
        for (long t = 210; t < 300; t += 10)
        {
            Assert.Equal(new FrameValue(199, Quality.Stale), byTime[t].Values[0]);
            // A dead channel does not hold frames back (210 ms only waited for the 200 ms frame before it).
            Assert.Equal(Math.Max(t, 220) * Ms, byTime[t].EmittedNs - h.StartUtcNs);
            Assert.Equal(Quality.Good, byTime[t].Values[1].Quality);
        }

        Assert.Equal(new FrameValue(300, Quality.Good), byTime[300].Values[0]);
        Assert.Equal(new FrameValue(310, Quality.Good), byTime[310].Values[0]);
        Assert.Equal(9, h.Aligner.Statistics(0).StaleFrames);
        Assert.Equal(1, h.Aligner.Statistics(0).LateFrames);
        Assert.Equal(0, h.Aligner.Statistics(1).StaleFrames);
        Assert.Equal(1, h.Aligner.Frames.FramesLate);
    }

    [Fact]
    public void A_channel_later_than_the_budget_lets_the_frame_go_at_the_budget_with_its_value_marked()
    {
        var h = TwoChannels();
        for (long t = 0; t <= 300 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, 0);
            h.Schedule(1, h.StartUtcNs + t, t / (double)Ms, delayNs: 30 * Ms);
        }

        h.RunFor(300 * Ms);

        foreach (var f in h.Recorder.Frames.Where(f => f.TimeNs >= h.StartUtcNs + (50 * Ms)))
        {
            var rel = (f.TimeNs - h.StartUtcNs) / Ms;
            Assert.Equal(20 * Ms, f.EmittedNs - f.TimeNs);
            Assert.Equal(Quality.Good, f.Values[0].Quality);
            // At emission (t + 20 ms) the late channel has delivered up to t − 10 ms: that value, held.
            Assert.Equal(new FrameValue(rel - 10, FrameQuality.SubNormal), f.Values[1]);
        }

        var stats = h.Aligner.Statistics(1);
        Assert.True(stats.LateFrames >= 25);
        Assert.Equal(30 * Ms, stats.LatencyLastNs);
        Assert.Equal(0, h.Aligner.Statistics(0).LateFrames);
        // All but the frames at 0, 10 and 20 ms, when the late channel had not delivered anything yet.
        Assert.Equal(h.Aligner.Frames.FramesEmitted - 3, h.Aligner.Frames.FramesLate);
    }

    [Fact]
    public void A_channel_late_within_the_budget_delays_the_frame_and_is_interpolated()
    {
        var h = TwoChannels();
        for (long t = 0; t <= 300 * Ms; t += Ms)
        {
            h.Schedule(0, h.StartUtcNs + t, 0);
            h.Schedule(1, h.StartUtcNs + t, t / (double)Ms, delayNs: 7 * Ms);
        }

        h.RunFor(300 * Ms);

        foreach (var f in h.Recorder.Frames.Skip(1))
        {
            Assert.Equal(7 * Ms, f.EmittedNs - f.TimeNs);
            Assert.Equal(new FrameValue((f.TimeNs - h.StartUtcNs) / (double)Ms, Quality.Good), f.Values[1]);
        }

        Assert.Equal(0, h.Aligner.Frames.FramesLate);
        Assert.Equal(7 * Ms, h.Aligner.Statistics(1).LatencyMaxNs);
        Assert.Equal(7 * Ms, h.Aligner.Statistics(0).LatencyLastNs);
    }

    [Fact]
    public void A_bad_sample_quality_is_never_hidden_by_interpolation()
    {
        var h = TwoChannels();
        h.Schedule(0, h.StartUtcNs + (5 * Ms), 1);
        h.Schedule(0, h.StartUtcNs + (15 * Ms), 2, quality: Quality.CommunicationError);
        h.Schedule(1, h.StartUtcNs + (5 * Ms), 1, quality: Quality.SensorNotAccurate);
        h.Schedule(1, h.StartUtcNs + (15 * Ms), 2);

        h.RunFor(15 * Ms);

        var at10 = h.Recorder.Frames.Single(f => f.TimeNs == h.StartUtcNs + (10 * Ms));
        Assert.Equal(Quality.CommunicationError, at10.Values[0].Quality);
        Assert.Equal(Quality.SensorNotAccurate, at10.Values[1].Quality);
        Assert.Equal(1.5, at10.Values[1].Value, 1e-12);
    }

    [Fact]
    public void Frames_before_a_channels_first_sample_wait_for_initial_data()
    {
        var h = TwoChannels();
        h.Schedule(0, h.StartUtcNs + (3 * Ms), 1);
        h.Schedule(1, h.StartUtcNs + (3 * Ms), 1);
        h.RunFor(5 * Ms);

        var first = Assert.Single(h.Recorder.Frames);
        Assert.True(double.IsNaN(first.Values[0].Value));
        Assert.Equal(Quality.WaitingForInitialData, first.Values[0].Quality);
    }

    [Fact]
    public void A_stalled_timer_skips_frames_beyond_the_backlog_instead_of_bursting()
    {
        var h = new AlignerHarness(
            [new AlignedChannel(0, Interpolation.Hold, 100, TimeSpan.FromSeconds(10))],
            new AlignerOptions { MaxBacklog = TimeSpan.FromMilliseconds(100), LatencyBudget = TimeSpan.FromMilliseconds(20) });
        h.Aligner.Poll(h.StartUtcNs);
        Assert.Equal(1, h.Aligner.Frames.FramesEmitted);

        var emitted = h.Aligner.Poll(h.StartUtcNs + (1000 * Ms));

        // 1000 ms behind > budget + backlog: resumes at now − budget, frames 980, 990 and 1000 ms; 10 … 970 ms are skipped.
        Assert.Equal(3, emitted);
        Assert.Equal(97, h.Aligner.Frames.FramesSkipped);
    }

    [Fact]
    public void Replayed_and_duplicate_samples_are_refused()
    {
        var h = TwoChannels();
        h.Aligner.Publish([new Sample(0, 100, 1, Quality.Good), new Sample(0, 100, 2, Quality.Good), new Sample(0, 50, 3, Quality.Good), new Sample(7, 1, 1, Quality.Good)]);
        Assert.Equal(1, h.Aligner.Statistics(0).Samples);
        Assert.Equal(2, h.Aligner.Statistics(0).RejectedSamples);
    }
}
