using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Encoders.As5600;

/// <summary>How the diametric magnet on the shaft end sits relative to the AS5600.</summary>
public enum As5600Magnet
{
    Good,
    TooWeak,
    TooStrong,
    Missing,
}

/// <summary>
/// Register-level AS5600 on the end of the plant's shaft: reset values, writable ZPOS/MPOS/MANG/CONF, STATUS
/// magnet bits with AGC, RAW ANGLE from the shaft angle and ANGLE relative to ZPOS. The address pointer
/// auto-increments, except that after the low byte of RAW ANGLE, ANGLE or MAGNITUDE it wraps back to the
/// high byte, so repeated reads return fresh angles without re-addressing (datasheet "I2C Interface").
/// </summary>
public sealed class As5600Simulator(AxisPlant plant, IClock clock, int seed) : II2cTarget
{
    private readonly byte[] _registers = new byte[256];
    private readonly GaussianNoise _noise = new(seed);
    private int _pointer;

    public As5600Magnet Magnet { get; set; } = As5600Magnet.Good;

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _pointer = data[0];
        foreach (var value in data[1..])
        {
            // Only ZPOS, MPOS, MANG and CONF (0x01-0x08) are writable.
            if (_pointer is >= 0x01 and <= 0x08)
            {
                _registers[_pointer] = value;
            }

            _pointer = (_pointer + 1) & 0xFF;
        }
    }

    public void OnRead(Span<byte> buffer)
    {
        Sample();
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer];
            _pointer = _pointer switch
            {
                (int)As5600Register.RawAngleL => (int)As5600Register.RawAngleH,
                (int)As5600Register.AngleL => (int)As5600Register.AngleH,
                (int)As5600Register.MagnitudeL => (int)As5600Register.MagnitudeH,
                _ => (_pointer + 1) & 0xFF,
            };

            if (_pointer is (int)As5600Register.RawAngleH or (int)As5600Register.AngleH)
            {
                Sample();
            }
        }
    }

    private void Sample()
    {
        int raw;
        if (Magnet == As5600Magnet.Missing)
        {
            raw = (int)Math.Abs(_noise.Next(4096)) & 0xFFF; // no field: the angle is noise
        }
        else
        {
            var revolutions = plant.Observe(clock.MonotonicNowNs).ShaftRevolutions;
            var turn = revolutions - Math.Floor(revolutions);
            raw = (int)Math.Round(turn * 4096 + _noise.Next(0.5)) & 0xFFF;
        }

        var zero = (_registers[(int)As5600Register.ZposH] & 0x0F) << 8 | _registers[(int)As5600Register.ZposH + 1];
        var angle = (raw - zero) & 0xFFF;
        _registers[(int)As5600Register.RawAngleH] = (byte)(raw >> 8);
        _registers[(int)As5600Register.RawAngleL] = (byte)raw;
        _registers[(int)As5600Register.AngleH] = (byte)(angle >> 8);
        _registers[(int)As5600Register.AngleL] = (byte)angle;

        // AGC spans 0-255 at 5 V; it saturates at 255 for a weak field and 0 for a strong one.
        var (status, agc, magnitude) = Magnet switch
        {
            As5600Magnet.Good => (As5600Status.MagnetDetected, 128, 2048),
            As5600Magnet.TooWeak => (As5600Status.MagnetDetected | As5600Status.MagnetTooWeak, 255, 400),
            As5600Magnet.TooStrong => (As5600Status.MagnetDetected | As5600Status.MagnetTooStrong, 0, 4000),
            _ => (0, 255, 0),
        };
        _registers[(int)As5600Register.Status] = (byte)status;
        _registers[(int)As5600Register.Agc] = (byte)agc;
        _registers[(int)As5600Register.MagnitudeH] = (byte)(magnitude >> 8);
        _registers[(int)As5600Register.MagnitudeL] = (byte)magnitude;
    }
}
