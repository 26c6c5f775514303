using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;

namespace EdgeTwin.Sync.Derived;

/// <summary>Vibration RMS, peak and crest factor of one channel over a sliding window, as twin channels.</summary>
/// <remarks>Until the window is full the values cover fewer samples and are marked Uncertain_SubNormal.</remarks>
public sealed class VibrationDerivation(int source, int windowSamples, int rmsChannel, int peakChannel, int crestChannel, double outputRateHz) : IDerivation
{
    private readonly int[] _sources = [source];
    private readonly VibrationWindow _window = new(windowSamples);
    private readonly Sample[] _output = new Sample[3];
    private OutputSchedule _schedule = new(outputRateHz);

    public IReadOnlyList<int> Sources => _sources;

    public ReadOnlySpan<Sample> Process(in Sample sample)
    {
        if (sample.Channel != source)
        {
            return default;
        }

        _window.Add(sample);
        if (!_schedule.IsDue(sample.TimestampNs))
        {
            return default;
        }

        var quality = _window.IsFull ? Quality.Good : FrameQuality.SubNormal;
        var t = sample.TimestampNs;
        _output[0] = new Sample(rmsChannel, t, _window.Rms, quality);
        _output[1] = new Sample(peakChannel, t, _window.Peak, quality);
        _output[2] = new Sample(crestChannel, t, _window.CrestFactor, quality);
        return _output;
    }
}
