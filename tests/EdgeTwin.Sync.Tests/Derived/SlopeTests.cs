using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Derived;

namespace EdgeTwin.Sync.Tests.Derived;

public sealed class SlopeTests
{
    private const long S = 1_000_000_000;
    private const long Epoch = 1_700_000_000L * S;

    [Fact]
    public void A_temperature_ramp_gives_its_slope_in_degrees_per_minute()
    {
        var trend = new TemperatureTrend(TimeSpan.FromMinutes(1), 1);
        Assert.True(double.IsNaN(trend.DegreesPerMinute));
        for (var i = 0; i <= 120; i++)
        {
            trend.Add(new Sample(0, Epoch + (i * S), 20 + (2.0 * i / 60), Quality.Good));
        }

        Assert.Equal(2.0, trend.DegreesPerMinute, 1e-9);
    }

    [Fact]
    public void Quantized_readings_still_give_the_slope_and_the_window_forgets_the_old_one()
    {
        var trend = new TemperatureTrend(TimeSpan.FromMinutes(1), 1);
        double Quantize(double c) => Math.Round(c / 0.0625) * 0.0625;
        var t = 0;
        for (; t <= 300; t++)
        {
            trend.Add(new Sample(0, Epoch + (t * S), Quantize(40 + (0.5 * t / 60)), Quality.Good));
        }

        Assert.Equal(0.5, trend.DegreesPerMinute, 0.02);
        // Cooling at 3 °C/min from here: one window later only the new slope remains.
        var from = Quantize(40 + (0.5 * t / 60));
        for (var k = 0; k <= 61; k++, t++)
        {
            trend.Add(new Sample(0, Epoch + (t * S), Quantize(from - (3.0 * k / 60)), Quality.Good));
        }

        Assert.Equal(-3.0, trend.DegreesPerMinute, 0.02);
    }

    [Fact]
    public void Encoder_acceleration_is_the_slope_of_velocity()
    {
        var acceleration = new EncoderAcceleration(TimeSpan.FromMilliseconds(50), 1000);
        for (var i = 0; i <= 500; i++)
        {
            acceleration.Add(new Sample(2, Epoch + (i * 1_000_000L), 100 + (300.0 * i / 1000), Quality.Good));
        }

        Assert.Equal(300, acceleration.RpmPerSecond, 1e-6);
        Assert.Equal(300 * 2 * Math.PI / 60, acceleration.RadiansPerSecondSquared, 1e-6);
    }

    [Fact]
    public void Velocity_samples_that_are_not_good_do_not_enter_the_fit()
    {
        var acceleration = new EncoderAcceleration(TimeSpan.FromMilliseconds(50), 1000);
        for (var i = 0; i <= 100; i++)
        {
            var bad = i % 7 == 3;
            acceleration.Add(new Sample(2, Epoch + (i * 1_000_000L), bad ? double.NaN : -50.0 * i / 1000, bad ? Quality.CommunicationError : Quality.Good));
        }

        Assert.Equal(-50, acceleration.RpmPerSecond, 1e-6);
    }
}
