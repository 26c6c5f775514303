using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// Shaft angular acceleration from the velocity channel of <see cref="Twin.EncoderKinematics"/> (rpm): the
/// least-squares slope over a sliding window, because differencing an already differenced signal sample by
/// sample would turn count quantization into noise.
/// </summary>
public sealed class EncoderAcceleration(TimeSpan window, double sampleRateHz)
{
    private readonly SlidingSlope _slope = new(window, sampleRateHz);

    /// <summary>rpm per second; NaN until the window holds two samples.</summary>
    public double RpmPerSecond => _slope.PerSecond;

    /// <summary>rad/s²: rpm/s × 2π / 60.</summary>
    public double RadiansPerSecondSquared => _slope.PerSecond * 2 * Math.PI / 60;

    /// <summary>Adds a velocity sample (rpm); samples that are not Good or not finite are ignored.</summary>
    public void Add(in Sample velocity)
    {
        if (velocity.Quality.IsGood && double.IsFinite(velocity.Value))
        {
            _slope.Add(velocity.TimestampNs, velocity.Value);
        }
    }
}
