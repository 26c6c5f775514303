using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Derived;

/// <summary>
/// IMU orientation as twin channels: quaternion w, x, y, z and tilt (degrees) from one device's accelerometer
/// and gyroscope axes, through <see cref="MadgwickOrientation"/>.
/// </summary>
/// <remarks>
/// A device read delivers all six axes with one timestamp; the filter steps once per complete set, with dt
/// the time since the previous set. A set with a sample that is not Good is skipped: integrating a bad gyro
/// reading would rotate the estimate for good, and the next good set resumes from the last estimate.
/// </remarks>
public sealed class OrientationDerivation : IDerivation
{
    /// <summary>A gap longer than this (device dropped out) restarts dt instead of integrating across it.</summary>
    private const long MaxStepNs = 100_000_000;

    private readonly int[] _sources;
    private readonly int[] _outputs;
    private readonly long[] _times = new long[6];
    private readonly double[] _values = new double[6];
    private readonly bool[] _good = new bool[6];
    private readonly Sample[] _output = new Sample[5];
    private readonly MadgwickOrientation _filter;
    private OutputSchedule _schedule;
    private long _lastSetNs = long.MinValue;

    /// <param name="accelerometer">Channel ids of accel x, y, z.</param>
    /// <param name="gyroscope">Channel ids of gyro x, y, z (rad/s).</param>
    /// <param name="outputs">Channel ids of quaternion w, x, y, z and tilt.</param>
    public OrientationDerivation(IReadOnlyList<int> accelerometer, IReadOnlyList<int> gyroscope, IReadOnlyList<int> outputs, double beta, double outputRateHz)
    {
        ArgumentNullException.ThrowIfNull(accelerometer);
        ArgumentNullException.ThrowIfNull(gyroscope);
        ArgumentNullException.ThrowIfNull(outputs);
        if (accelerometer.Count != 3 || gyroscope.Count != 3 || outputs.Count != 5)
        {
            throw new ArgumentException("Orientation needs 3 accelerometer, 3 gyroscope and 5 output channels.");
        }

        _sources = [.. accelerometer, .. gyroscope];
        _outputs = [.. outputs];
        _filter = new MadgwickOrientation(beta);
        _schedule = new OutputSchedule(outputRateHz);
        Array.Fill(_times, long.MinValue);
    }

    public IReadOnlyList<int> Sources => _sources;

    public Orientation Orientation => _filter.Orientation;

    public ReadOnlySpan<Sample> Process(in Sample sample)
    {
        var slot = Array.IndexOf(_sources, sample.Channel);
        if (slot < 0)
        {
            return default;
        }

        _times[slot] = sample.TimestampNs;
        _values[slot] = sample.Value;
        _good[slot] = sample.Quality.IsGood && double.IsFinite(sample.Value);
        var t = sample.TimestampNs;
        if (t <= _lastSetNs)
        {
            return default;
        }

        for (var i = 0; i < 6; i++)
        {
            if (_times[i] != t)
            {
                return default;
            }
        }

        var previous = _lastSetNs;
        _lastSetNs = t;
        if (Array.IndexOf(_good, false) >= 0)
        {
            return default;
        }

        var dt = previous == long.MinValue || t - previous > MaxStepNs ? 0 : (t - previous) / 1e9;
        _filter.Update(_values[3], _values[4], _values[5], _values[0], _values[1], _values[2], dt);
        if (!_schedule.IsDue(t))
        {
            return default;
        }

        var q = _filter.Orientation;
        _output[0] = new Sample(_outputs[0], t, q.W, Quality.Good);
        _output[1] = new Sample(_outputs[1], t, q.X, Quality.Good);
        _output[2] = new Sample(_outputs[2], t, q.Y, Quality.Good);
        _output[3] = new Sample(_outputs[3], t, q.Z, Quality.Good);
        _output[4] = new Sample(_outputs[4], t, q.TiltDegrees, Quality.Good);
        return _output;
    }
}
