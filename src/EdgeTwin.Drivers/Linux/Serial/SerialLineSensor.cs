using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// A six-axis IMU that prints "ax,ay,az,gx,gy,gz" lines on a serial port. Bad lines — garbage, binary noise,
/// too few fields, over-long — are counted and the last reason kept, never thrown: a noisy UART must not stop
/// acquisition. Meant for one dedicated reader thread; no allocation per line.
/// </summary>
/// <remarks>
/// As an <see cref="ISampledDevice"/> each <see cref="Read"/> returns the newest complete line received so far,
/// so a device printing faster than the poll rate does not build up latency; the values are expected in SI units
/// (m/s², rad/s), the same channels as the MPU-6050 driver.
/// </remarks>
public sealed class SerialLineSensor : ISampledDevice
{
    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("accel_x", "m/s2"), new("accel_y", "m/s2"), new("accel_z", "m/s2"),
        new("gyro_x", "rad/s"), new("gyro_y", "rad/s"), new("gyro_z", "rad/s"),
    ];

    private readonly double[] _last = new double[ImuLineParser.AxisCount];
    private bool _hasLast;
    private bool _skipFirstLine;

    private readonly ISerialPort _port;
    private readonly LineFramer _framer;
    private readonly byte[] _receive;
    private int _receiveStart;
    private int _receiveEnd;
    private long _lastOverlong;

    public SerialLineSensor(ISerialPort port, int maxLineLength = 256)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
        _framer = new LineFramer(maxLineLength);
        _receive = new byte[Math.Max(512, maxLineLength)];
    }

    public string PortName => _port.PortName;

    public long LinesParsed { get; private set; }

    /// <summary>Lines rejected by the parser plus over-long lines dropped by the framer.</summary>
    public long GarbageLines { get; private set; }

    public long OverlongLines => _framer.OverlongLines;

    public ImuLineError LastError { get; private set; }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    /// <summary>
    /// Drops what was received so far and the next line: reading may have started in the middle of a line, and a
    /// tail like ".5,2,3,4,5,6" would parse as a plausible but wrong sample.
    /// </summary>
    public void Initialize()
    {
        _framer.Reset();
        _receiveStart = _receiveEnd = 0;
        _hasLast = false;
        _skipFirstLine = true;
    }

    /// <summary>
    /// The newest line received (Good); with no new line within one port timeout, the previous values marked
    /// Uncertain_LastUsableValue, or NaN marked Bad_WaitingForInitialData before the first line.
    /// </summary>
    public void Read(Span<double> values, Span<Quality> qualities)
    {
        var fresh = false;
        if (TryRead(_last))
        {
            fresh = true;
            while (TryTakeLine(_last))
            {
            }
        }

        _hasLast |= fresh;
        var quality = fresh ? Quality.Good : _hasLast ? Quality.Stale : Quality.WaitingForInitialData;
        for (var i = 0; i < ImuLineParser.AxisCount; i++)
        {
            values[i] = _hasLast ? _last[i] : double.NaN;
            qualities[i] = quality;
        }
    }

    /// <summary>
    /// Returns the next valid line's six values in arrival order. Reads the port at most once per call, so it
    /// returns false within about one port read timeout when no complete valid line is there.
    /// </summary>
    /// <exception cref="BusException">The port failed or went away.</exception>
    public bool TryRead(Span<double> values)
    {
        if (TryTakeLine(values))
        {
            return true;
        }

        var n = _port.Read(_receive);
        _receiveStart = 0;
        _receiveEnd = n;
        return n > 0 && TryTakeLine(values);
    }

    private bool TryTakeLine(Span<double> values)
    {
        while (_receiveStart < _receiveEnd)
        {
            ReadOnlySpan<byte> input = _receive.AsSpan(_receiveStart, _receiveEnd - _receiveStart);
            var before = input.Length;
            var found = _framer.TryReadLine(ref input, out var line);
            _receiveStart += before - input.Length;
            CountOverlong();
            if (!found)
            {
                break;
            }

            if (_skipFirstLine)
            {
                _skipFirstLine = false;
                continue;
            }

            var error = ImuLineParser.TryParse(line, values);
            if (error == ImuLineError.None)
            {
                LinesParsed++;
                return true;
            }

            GarbageLines++;
            LastError = error;
        }

        return false;
    }

    private void CountOverlong()
    {
        var overlong = _framer.OverlongLines;
        if (overlong != _lastOverlong)
        {
            GarbageLines += overlong - _lastOverlong;
            _lastOverlong = overlong;
            LastError = ImuLineError.TooLong;
        }
    }
}
