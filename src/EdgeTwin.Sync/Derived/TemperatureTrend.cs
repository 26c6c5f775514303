using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// Rate of change of a temperature in °C/min: the least-squares slope over a sliding time window, which
/// averages out the sensor's quantization (0.0625 °C on a DS18B20) that a two-point difference would amplify.
/// </summary>
public sealed class TemperatureTrend(TimeSpan window, double sampleRateHz)
{
    private readonly SlidingSlope _slope = new(window, sampleRateHz);

    /// <summary>°C per minute; NaN until the window holds two samples.</summary>
    public double DegreesPerMinute => _slope.PerSecond * 60;

    /// <summary>Adds a sample; samples that are not Good or not finite are ignored.</summary>
    public void Add(in Sample sample)
    {
        if (sample.Quality.IsGood && double.IsFinite(sample.Value))
        {
            _slope.Add(sample.TimestampNs, sample.Value);
        }
    }
}
