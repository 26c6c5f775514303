using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Sync.Tests.Twin;

public sealed class EncoderKinematicsTests
{
    private const double Cpr = 4096;

    private static EncoderKinematics New(double windowMs = 20) => new(0, Cpr, 1, 2, TimeSpan.FromMilliseconds(windowMs), 1000);

    [Fact]
    public void Constant_speed_gives_that_velocity_and_a_linear_position()
    {
        var k = New();
        const double rpm = 1500;
        ReadOnlySpan<Sample> output = default;
        for (var i = 0; i <= 1000; i++)
        {
            var t = i * 1_000_000L;
            var counts = Math.Floor(rpm / 60 * t / 1e9 * Cpr);
            output = k.Process(new Sample(0, t, counts, Quality.Good));
        }

        Assert.Equal(rpm / 60, output[0].Value, 0.001);
        Assert.Equal(rpm, output[1].Value, rpm * 0.005);
        Assert.Equal(1, output[0].Channel);
        Assert.Equal(2, output[1].Channel);
    }

    [Fact]
    public void Velocity_follows_a_known_ramp_with_half_a_window_of_lag()
    {
        // θ(t) = ½·a·t² with a = 50 rev/s² → ω(t) = a·t; a 20 ms window estimates ω at t − 10 ms.
        var k = New();
        const double a = 50;
        for (var i = 0; i <= 2000; i++)
        {
            var t = i / 1000.0;
            var output = k.Process(new Sample(0, i * 1_000_000L, Math.Floor(0.5 * a * t * t * Cpr), Quality.Good));
            if (i > 100)
            {
                Assert.Equal(a * (t - 0.010) * 60, output[1].Value, 2.0);
            }
        }
    }

    [Fact]
    public void Counter_wrap_around_is_unwrapped_into_continuous_position()
    {
        var k = New();
        var raw = int.MaxValue - 2000L;
        double position = 0;
        for (var i = 0; i < 10; i++)
        {
            var wrapped = unchecked((int)raw);
            position = k.Process(new Sample(0, i * 1_000_000L, wrapped, Quality.Good))[0].Value;
            raw += 1000;
        }

        Assert.Equal((int.MaxValue - 2000L + 9000) / Cpr, position, 1e-9);
    }

    [Fact]
    public void Bad_counts_yield_bad_velocity_and_hold_position()
    {
        var k = New();
        k.Process(new Sample(0, 0, 100, Quality.Good));
        var output = k.Process(new Sample(0, 1_000_000, double.NaN, Quality.CommunicationError));
        Assert.Equal(100 / Cpr, output[0].Value);
        Assert.True(double.IsNaN(output[1].Value));
        Assert.Equal(Quality.CommunicationError, output[1].Quality);
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        var k = New();
        // Warm up past tiered compilation: type loads while the method is re-jitted may allocate once.
        for (var i = 0; i < 10_000; i++)
        {
            k.Process(new Sample(0, i * 1_000_000L, i * 10, Quality.Good));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 10_000; i < 20_000; i++)
        {
            k.Process(new Sample(0, i * 1_000_000L, i * 10, Quality.Good));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
