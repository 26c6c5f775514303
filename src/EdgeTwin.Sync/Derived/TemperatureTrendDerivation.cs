using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>A temperature's rate of change (°C/min, <see cref="TemperatureTrend"/>) as a twin channel.</summary>
public sealed class TemperatureTrendDerivation(int source, TimeSpan window, double sourceRateHz, int rateChannel, double outputRateHz) : IDerivation
{
    private readonly int[] _sources = [source];
    private readonly TemperatureTrend _trend = new(window, sourceRateHz);
    private readonly Sample[] _output = new Sample[1];
    private OutputSchedule _schedule = new(outputRateHz);

    public IReadOnlyList<int> Sources => _sources;

    public ReadOnlySpan<Sample> Process(in Sample sample)
    {
        if (sample.Channel != source)
        {
            return default;
        }

        _trend.Add(sample);
        if (!_schedule.IsDue(sample.TimestampNs))
        {
            return default;
        }

        var rate = _trend.DegreesPerMinute;
        _output[0] = new Sample(rateChannel, sample.TimestampNs, rate, double.IsNaN(rate) ? Quality.WaitingForInitialData : Quality.Good);
        return _output;
    }
}
