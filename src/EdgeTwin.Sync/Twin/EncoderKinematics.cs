using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Derived;

namespace EdgeTwin.Sync.Twin;

/// <summary>
/// Derives shaft position (revolutions), velocity (rpm) and, when configured, acceleration (rpm/s) from an
/// incremental encoder's raw count.
/// </summary>
/// <remarks>
/// The count is a wrapping 32-bit register, so successive readings are unwrapped through their 32-bit
/// difference into a 64-bit position. Velocity is the slope over a sliding window of readings: one count at
/// 1 kHz would otherwise quantize velocity to 60 000 / CPR rpm; a 20 ms window brings that down 20-fold
/// at 10 ms of delay.
/// </remarks>
public sealed class EncoderKinematics
{
    private readonly double _countsPerRevolution;
    private readonly int _positionChannel;
    private readonly int _velocityChannel;
    private readonly long _windowNs;
    private readonly long[] _times;
    private readonly long[] _positions;
    private readonly int _accelerationChannel;
    private readonly EncoderAcceleration? _acceleration;
    private readonly Sample[] _output;
    private int _head;
    private int _count;
    private long _position;
    private int _lastRaw;
    private bool _hasLast;

    /// <param name="accelerationChannel">Channel id for acceleration, or −1 for none.</param>
    /// <param name="accelerationWindow">Slope window of the acceleration fit over velocity.</param>
    public EncoderKinematics(int sourceChannel, double countsPerRevolution, int positionChannel, int velocityChannel, TimeSpan window, double sourceRateHz,
        int accelerationChannel = -1, TimeSpan accelerationWindow = default)
    {
        _accelerationChannel = accelerationChannel;
        if (accelerationChannel >= 0)
        {
            _acceleration = new EncoderAcceleration(accelerationWindow > TimeSpan.Zero ? accelerationWindow : window * 5, sourceRateHz);
        }

        _output = new Sample[_acceleration is null ? 2 : 3];
        SourceChannel = sourceChannel;
        _countsPerRevolution = countsPerRevolution;
        _positionChannel = positionChannel;
        _velocityChannel = velocityChannel;
        _windowNs = (long)(window.TotalSeconds * 1e9);
        var capacity = Math.Max(2, (int)Math.Ceiling(window.TotalSeconds * sourceRateHz * 2) + 2);
        _times = new long[capacity];
        _positions = new long[capacity];
    }

    public int SourceChannel { get; }

    /// <summary>Consumes one count sample and returns the derived position and velocity samples.</summary>
    public ReadOnlySpan<Sample> Process(Sample counts)
    {
        if (!counts.Quality.IsGood || !double.IsFinite(counts.Value))
        {
            // Without a trustworthy count the position is unknown until the next good reading re-anchors it
            // (an LS7366R keeps counting while the bus is down, so nothing is lost once it answers again).
            _output[0] = new Sample(_positionChannel, counts.TimestampNs, _position / _countsPerRevolution, counts.Quality);
            _output[1] = new Sample(_velocityChannel, counts.TimestampNs, double.NaN, counts.Quality);
            if (_acceleration is not null)
            {
                _output[2] = new Sample(_accelerationChannel, counts.TimestampNs, double.NaN, counts.Quality);
            }

            return _output;
        }

        var raw = unchecked((int)(long)counts.Value);
        _position += _hasLast ? unchecked(raw - _lastRaw) : raw;
        _lastRaw = raw;
        _hasLast = true;

        _head = (_head + 1) % _times.Length;
        _times[_head] = counts.TimestampNs;
        _positions[_head] = _position;
        _count = Math.Min(_count + 1, _times.Length);

        // Oldest reading still inside the window.
        var oldest = _head;
        for (var i = 1; i < _count; i++)
        {
            var index = (_head - i + _times.Length) % _times.Length;
            if (counts.TimestampNs - _times[index] > _windowNs)
            {
                break;
            }

            oldest = index;
        }

        var velocityQuality = Quality.Good;
        var velocity = 0.0;
        var dt = (_times[_head] - _times[oldest]) / 1e9;
        if (dt > 0)
        {
            velocity = (_positions[_head] - _positions[oldest]) / _countsPerRevolution / dt * 60.0;
        }
        else
        {
            velocityQuality = Quality.WaitingForInitialData;
        }

        _output[0] = new Sample(_positionChannel, counts.TimestampNs, _position / _countsPerRevolution, Quality.Good);
        _output[1] = new Sample(_velocityChannel, counts.TimestampNs, velocity, velocityQuality);
        if (_acceleration is not null)
        {
            _acceleration.Add(_output[1]);
            var a = _acceleration.RpmPerSecond;
            _output[2] = new Sample(_accelerationChannel, counts.TimestampNs, a, double.IsNaN(a) ? Quality.WaitingForInitialData : Quality.Good);
        }

        return _output;
    }
}
