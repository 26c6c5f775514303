using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Scoring;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Scoring;

public sealed class FeatureWindowTests
{
    private static FrameValue[] Frame(params double[] values) => [.. values.Select(v => new FrameValue(v, Quality.Good))];

    [Fact]
    public void Statistics_over_the_window_are_normalized_with_the_training_mean_and_spread()
    {
        var window = new FeatureWindow(
        [
            new FeatureSpec(0, FeatureStatistic.Mean, 10, 2),
            new FeatureSpec(1, FeatureStatistic.StdDev, 0, 1),
            new FeatureSpec(1, FeatureStatistic.Rms, 0, 1),
            new FeatureSpec(0, FeatureStatistic.Min, 0, 1),
            new FeatureSpec(0, FeatureStatistic.Max, 0, 1),
            new FeatureSpec(1, FeatureStatistic.PeakToPeak, 0, 1),
        ], lengthFrames: 4, hopFrames: 4);
        double[] a = [10, 12, 14, 16];
        double[] b = [1, -1, 1, -1];
        var ready = false;
        for (var i = 0; i < 4; i++)
        {
            ready = window.Add(Frame(a[i], b[i]));
        }

        Assert.True(ready);
        Assert.Equal(13, window.RawFeatures[0], 12);
        Assert.Equal(1.5f, window.Features[0]);
        Assert.Equal(Math.Sqrt(4.0 / 3), window.RawFeatures[1], 12);
        Assert.Equal(1, window.RawFeatures[2], 12);
        Assert.Equal(10, window.RawFeatures[3]);
        Assert.Equal(16, window.RawFeatures[4]);
        Assert.Equal(2, window.RawFeatures[5]);
    }

    [Fact]
    public void A_window_completes_every_hop_once_full()
    {
        var window = new FeatureWindow([new FeatureSpec(0, FeatureStatistic.Mean, 0, 1)], lengthFrames: 10, hopFrames: 3);
        var completed = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            if (window.Add(Frame(i)))
            {
                completed.Add(i);
                Assert.Equal(i - 4.5, window.RawFeatures[0], 9);
            }
        }

        Assert.Equal([9, 12, 15, 18], completed);
    }

    [Fact]
    public void Stale_bad_and_missing_values_are_left_out_and_too_few_give_no_window()
    {
        var window = new FeatureWindow([new FeatureSpec(0, FeatureStatistic.Mean, 0, 1)], lengthFrames: 10, hopFrames: 10, minValidFraction: 0.8);
        for (var i = 0; i < 8; i++)
        {
            window.Add(Frame(5));
        }

        window.Add([new FrameValue(1000, Quality.Stale)]);
        Assert.True(window.Add([new FrameValue(1000, Quality.SensorFailure)]));
        Assert.Equal(5, window.RawFeatures[0]);

        for (var i = 0; i < 7; i++)
        {
            window.Add(Frame(5));
        }

        window.Add([new FrameValue(double.NaN, Quality.Good)]);
        window.Add([new FrameValue(double.NaN, Quality.WaitingForInitialData)]);
        Assert.False(window.Add([new FrameValue(1, Quality.Stale)]));
        Assert.Equal(1, window.IncompleteWindows);
    }

    [Fact]
    public void Adding_frames_does_not_allocate()
    {
        var window = new FeatureWindow([new FeatureSpec(0, FeatureStatistic.StdDev, 0, 1), new FeatureSpec(1, FeatureStatistic.Mean, 0, 1)], 50, 5);
        var frame = Frame(1, 2);
        for (var i = 0; i < 100; i++)
        {
            window.Add(frame);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            frame[0] = new FrameValue(i % 7, Quality.Good);
            window.Add(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void StdDev_matches_a_direct_computation_for_any_values_including_a_large_offset()
    {
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(-1000, 1000), 16).ToArbitrary(), ints =>
        {
            var values = ints.Select(i => 9.81 + (i / 1000.0)).ToArray();
            var window = new FeatureWindow([new FeatureSpec(0, FeatureStatistic.StdDev, 0, 1)], 16, 16);
            var ready = false;
            foreach (var v in values)
            {
                ready = window.Add(Frame(v));
            }

            var mean = values.Average();
            var expected = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 15);
            return ready && Math.Abs(window.RawFeatures[0] - expected) < 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Invalid_configuration_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FeatureWindow([], 10, 1));
        Assert.Throws<ArgumentException>(() => new FeatureWindow([new FeatureSpec(0, FeatureStatistic.Mean, 0, 0)], 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureWindow([new FeatureSpec(0, FeatureStatistic.Mean, 0, 1)], 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureWindow([new FeatureSpec(0, FeatureStatistic.Mean, 0, 1)], 10, 0));
    }
}
