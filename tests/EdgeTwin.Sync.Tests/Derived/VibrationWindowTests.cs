using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Derived;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Derived;

public sealed class VibrationWindowTests
{
    [Theory]
    [InlineData(1.0, 50, 200)]
    [InlineData(2.5, 120, 500)]
    public void A_pure_sine_has_rms_a_over_root_two_and_crest_root_two(double amplitude, double hz, int window)
    {
        // Sampled at 1 kHz over a whole number of periods, with a sample on each crest (phase π/2 at t = 0).
        var v = new VibrationWindow(window);
        for (var i = 0; i < 3 * window; i++)
        {
            v.Add(amplitude * Math.Cos(2 * Math.PI * hz * i / 1000));
        }

        Assert.True(v.IsFull);
        Assert.Equal(amplitude / Math.Sqrt(2), v.Rms, 1e-9);
        Assert.Equal(amplitude, v.Peak, 1e-9);
        Assert.Equal(Math.Sqrt(2), v.CrestFactor, 1e-9);
    }

    [Fact]
    public void An_impact_raises_peak_and_crest_until_it_leaves_the_window()
    {
        var v = new VibrationWindow(100);
        for (var i = 0; i < 100; i++)
        {
            v.Add(i % 2 == 0 ? 1 : -1);
        }

        Assert.Equal(1, v.CrestFactor, 1e-12);
        v.Add(-10);
        Assert.Equal(10, v.Peak);
        Assert.Equal(10 / Math.Sqrt((99 + 100) / 100.0), v.CrestFactor, 1e-9);
        for (var i = 0; i < 99; i++)
        {
            v.Add(0.5);
            Assert.Equal(10, v.Peak);
        }

        v.Add(0.5);
        Assert.Equal(0.5, v.Peak);
        Assert.Equal(1, v.CrestFactor, 1e-9);
    }

    [Fact]
    public void Bad_or_non_finite_samples_are_ignored()
    {
        var v = new VibrationWindow(4);
        v.Add(new Sample(0, 1, 2, Quality.Good));
        v.Add(new Sample(0, 2, 100, Quality.CommunicationError));
        v.Add(new Sample(0, 3, double.NaN, Quality.Good));
        Assert.Equal(2, v.Peak);
        Assert.Equal(2, v.Rms, 1e-12);
    }

    [Fact]
    public void Rms_and_peak_match_a_direct_computation_over_the_last_n_samples()
    {
        Prop.ForAll(
            Gen.Choose(1, 40).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(-100_000, 100_000)).ToArbitrary(),
            (length, raw) =>
            {
                var v = new VibrationWindow(length);
                var values = raw.Select(x => x / 1000.0).ToArray();
                for (var i = 0; i < values.Length; i++)
                {
                    v.Add(values[i]);
                    var window = values[Math.Max(0, i + 1 - length)..(i + 1)];
                    var rms = Math.Sqrt(window.Sum(x => x * x) / window.Length);
                    if (Math.Abs(v.Rms - rms) > 1e-9 * Math.Max(1, rms) || v.Peak != window.Max(Math.Abs))
                    {
                        return false;
                    }
                }

                return true;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_allocates_nothing()
    {
        var v = new VibrationWindow(256);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            v.Add(Math.Sin(i * 0.1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(v.CrestFactor, 1.3, 1.5);
    }
}
