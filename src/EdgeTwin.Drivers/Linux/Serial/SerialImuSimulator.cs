using System.Buffers;
using System.Buffers.Text;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// A serial IMU on the motor housing: it prints "ax,ay,az,gx,gy,gz\n" (m/s², rad/s) at its own line rate, and the
/// bytes wait in a receive buffer until read, like a UART's. Lines due while the buffer is full are lost, as
/// in a real receive overrun. <see cref="Read"/> never blocks: with nothing due it returns 0 at once.
/// </summary>
public sealed class SerialImuSimulator : ISerialPort
{
    private const int MaxLineLength = 128;
    private static readonly StandardFormat ValueFormat = new('F', 5);

    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly HousingVibration _vibration;
    private readonly long _linePeriodNs;
    private readonly byte[] _pending = new byte[4096];
    private int _start;
    private int _end;
    private long _nextLineNs;

    public SerialImuSimulator(string portName, AxisPlant plant, IClock clock, int seed, double lineRateHz = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lineRateHz, 1);
        PortName = portName;
        _plant = plant;
        _clock = clock;
        _vibration = new HousingVibration(plant.Parameters, seed);
        _linePeriodNs = (long)(1e9 / lineRateHz);
        _nextLineNs = clock.MonotonicNowNs + _linePeriodNs;
    }

    public string PortName { get; }

    public long LinesSent { get; private set; }

    /// <summary>Bytes to send before the next line (e.g. garbage to test the parser); consumed once.</summary>
    public ReadOnlyMemory<byte> Inject { get; set; }

    public int Read(Span<byte> buffer)
    {
        Produce(_clock.MonotonicNowNs);
        var n = Math.Min(buffer.Length, _end - _start);
        _pending.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
    }

    private void Produce(long nowNs)
    {
        if (_start > 0)
        {
            _pending.AsSpan(_start, _end - _start).CopyTo(_pending);
            _end -= _start;
            _start = 0;
        }

        // Unread for long: only the last buffer's worth of lines could still be waiting.
        var backlogNs = _pending.Length / 32 * _linePeriodNs;
        if (nowNs - _nextLineNs > backlogNs)
        {
            _nextLineNs = nowNs - backlogNs;
        }

        Span<double> accel = stackalloc double[3];
        Span<double> gyro = stackalloc double[3];
        while (_nextLineNs <= nowNs)
        {
            var at = _nextLineNs;
            _nextLineNs += _linePeriodNs;
            if (_pending.Length - _end < MaxLineLength + Inject.Length)
            {
                continue; // receive overrun: this line never reaches the reader
            }

            if (!Inject.IsEmpty)
            {
                Inject.Span.CopyTo(_pending.AsSpan(_end));
                _end += Inject.Length;
                Inject = default;
            }

            _vibration.Measure(_plant.Observe(at), accel, gyro);
            var line = _pending.AsSpan(_end, MaxLineLength);
            var n = 0;
            for (var i = 0; i < 6; i++)
            {
                if (i > 0)
                {
                    line[n++] = (byte)',';
                }

                Utf8Formatter.TryFormat(i < 3 ? accel[i] : gyro[i - 3], line[n..], out var written, ValueFormat);
                n += written;
            }

            line[n++] = (byte)'\n';
            _end += n;
            LinesSent++;
        }
    }
}
