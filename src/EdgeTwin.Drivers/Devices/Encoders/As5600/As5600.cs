using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Encoders.As5600;

/// <summary>
/// ams AS5600 12-bit magnetic absolute encoder over I2C (fixed address 0x36). One 3-byte burst from STATUS
/// (0x0B) reads the magnet flags and RAW ANGLE. Multi-turn position is tracked by unwrapping the 12-bit angle:
/// each step is taken as the shorter way round, which is right while the shaft turns less than half a
/// revolution between reads — at 500 Hz up to 15 000 rpm. Steps over 3/8 revolution are counted and make
/// the position uncertain. Without a magnet the angle is noise: angle and position become Bad_SensorFailure
/// and the turn count is held (turns made while the magnet was missing are lost).
/// </summary>
public sealed class As5600 : ISampledDevice
{
    public const int DefaultAddress = 0x36;
    public const int CountsPerRevolution = 4096;

    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("angle", "rev"),
        new("turns", "rev"),
        new("position", "rev"),
    ];

    private readonly II2cDevice _device;
    private long _counts;
    private int _last = -1;

    public As5600(II2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    /// <summary>Reads whose step exceeded 3/8 revolution: the shaft may have turned faster than the reads can follow.</summary>
    public long AmbiguousSteps { get; private set; }

    /// <summary>
    /// The AS5600 has no identity register. It is recognised by the reserved bits of STATUS and of the RAW ANGLE
    /// high byte reading zero, which an absent bus pull-up (0xFF) or most other chips at 0x36 do not.
    /// </summary>
    public void Initialize()
    {
        Span<byte> raw = stackalloc byte[3];
        ReadStatusAndAngle(raw);
        if ((raw[0] & 0xC7) != 0 || (raw[1] & 0xF0) != 0)
        {
            throw new DeviceException(
                $"{_device.BusName} 0x{_device.Address:X2}: STATUS 0x{raw[0]:X2} / RAW ANGLE high byte 0x{raw[1]:X2} have reserved bits set; not an AS5600");
        }

        _last = -1;
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> raw = stackalloc byte[3];
        ReadStatusAndAngle(raw);
        var status = raw[0];
        var angle = (raw[1] & 0x0F) << 8 | raw[2];

        if ((status & As5600Status.MagnetDetected) == 0)
        {
            values[0] = angle / (double)CountsPerRevolution;
            values[1] = Math.Floor(_counts / (double)CountsPerRevolution);
            values[2] = _counts / (double)CountsPerRevolution;
            qualities[0] = Quality.SensorFailure;
            qualities[1] = Quality.SensorFailure;
            qualities[2] = Quality.SensorFailure;
            _last = -1;
            return;
        }

        var stepOk = true;
        if (_last < 0)
        {
            // First read, or the magnet came back: continue from the same turn as the held position.
            _counts = (long)Math.Floor(_counts / (double)CountsPerRevolution) * CountsPerRevolution + angle;
        }
        else
        {
            var step = angle - _last;
            if (step > CountsPerRevolution / 2)
            {
                step -= CountsPerRevolution;
            }
            else if (step <= -CountsPerRevolution / 2)
            {
                step += CountsPerRevolution;
            }

            if (Math.Abs(step) > CountsPerRevolution * 3 / 8)
            {
                AmbiguousSteps++;
                stepOk = false;
            }

            _counts += step;
        }

        _last = angle;
        var field = (status & (As5600Status.MagnetTooWeak | As5600Status.MagnetTooStrong)) != 0 ? Quality.SensorNotAccurate : Quality.Good;
        values[0] = angle / (double)CountsPerRevolution;
        values[1] = Math.Floor(_counts / (double)CountsPerRevolution);
        values[2] = _counts / (double)CountsPerRevolution;
        qualities[0] = field;
        qualities[1] = stepOk ? field : Quality.SensorNotAccurate;
        qualities[2] = stepOk ? field : Quality.SensorNotAccurate;
    }

    private void ReadStatusAndAngle(Span<byte> raw)
    {
        ReadOnlySpan<byte> start = [(byte)As5600Register.Status];
        _device.WriteRead(start, raw);
    }
}
