using System.Buffers.Binary;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>
/// InvenSense MPU-6050 / MPU-6500 6-axis IMU over I2C. One 14-byte burst read from ACCEL_XOUT_H gives
/// accelerometer, die temperature and gyroscope from the same internal sample (register map §4.17–4.19).
/// </summary>
public sealed class Mpu6050 : ISampledDevice
{
    public const byte WhoAmI6050 = 0x68;
    public const byte WhoAmI6500 = 0x70;

    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("accel_x", "m/s2"), new("accel_y", "m/s2"), new("accel_z", "m/s2"),
        new("gyro_x", "rad/s"), new("gyro_y", "rad/s"), new("gyro_z", "rad/s"),
        new("temperature", "degC"),
    ];

    private readonly II2cDevice _device;
    private readonly Mpu6050Options _options;
    private readonly double _accelScale;
    private readonly double _gyroScale;

    public Mpu6050(II2cDevice device, Mpu6050Options options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        _device = device;
        _options = options;
        _accelScale = AccelLsbPerG(options.AccelRangeG) is var lsbPerG ? 9.80665 / lsbPerG : 0;
        _gyroScale = Math.PI / 180.0 / GyroLsbPerDps(options.GyroRangeDps);
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public void Initialize()
    {
        var id = ReadRegister(Mpu6050Register.WhoAmI);
        if (id != WhoAmI6050 && id != WhoAmI6500)
        {
            throw new DeviceException(
                $"{_device.BusName} 0x{_device.Address:X2}: WHO_AM_I is 0x{id:X2}, expected 0x68 (MPU-6050) or 0x70 (MPU-6500)");
        }

        // Wake up with the X gyro PLL as clock source (§4.28: recommended over the internal oscillator).
        WriteRegister(Mpu6050Register.PwrMgmt1, 0x01);
        WriteRegister(Mpu6050Register.Config, (byte)_options.DigitalLowPassFilter);
        WriteRegister(Mpu6050Register.SmplrtDiv, 0);
        WriteRegister(Mpu6050Register.GyroConfig, (byte)(Array.IndexOf(Mpu6050Options.GyroRanges, _options.GyroRangeDps) << 3));
        WriteRegister(Mpu6050Register.AccelConfig, (byte)(Array.IndexOf(Mpu6050Options.AccelRanges, _options.AccelRangeG) << 3));

        var power = ReadRegister(Mpu6050Register.PwrMgmt1);
        if ((power & 0x40) != 0)
        {
            throw new DeviceException($"{_device.BusName} 0x{_device.Address:X2}: still in sleep mode after wake-up (PWR_MGMT_1=0x{power:X2})");
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> raw = stackalloc byte[14];
        ReadOnlySpan<byte> start = [(byte)Mpu6050Register.AccelXoutH];
        _device.WriteRead(start, raw);

        for (var axis = 0; axis < 3; axis++)
        {
            var a = BinaryPrimitives.ReadInt16BigEndian(raw[(axis * 2)..]);
            values[axis] = a * _accelScale;
            qualities[axis] = Saturated(a) ? Quality.SensorNotAccurate : Quality.Good;

            var g = BinaryPrimitives.ReadInt16BigEndian(raw[(8 + axis * 2)..]);
            values[3 + axis] = g * _gyroScale;
            qualities[3 + axis] = Saturated(g) ? Quality.SensorNotAccurate : Quality.Good;
        }

        // Die temperature: °C = TEMP_OUT / 340 + 36.53 (register map §4.18).
        values[6] = BinaryPrimitives.ReadInt16BigEndian(raw[6..]) / 340.0 + 36.53;
        qualities[6] = Quality.Good;
    }

    internal static double AccelLsbPerG(int rangeG) => rangeG switch
    {
        2 => 16384,
        4 => 8192,
        8 => 4096,
        16 => 2048,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeG), rangeG, "accelerometer range must be 2, 4, 8 or 16 g"),
    };

    internal static double GyroLsbPerDps(int rangeDps) => rangeDps switch
    {
        250 => 131,
        500 => 65.5,
        1000 => 32.8,
        2000 => 16.4,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeDps), rangeDps, "gyroscope range must be 250, 500, 1000 or 2000 °/s"),
    };

    private static bool Saturated(short raw) => raw is short.MaxValue or short.MinValue;

    private byte ReadRegister(Mpu6050Register register)
    {
        Span<byte> value = stackalloc byte[1];
        ReadOnlySpan<byte> address = [(byte)register];
        _device.WriteRead(address, value);
        return value[0];
    }

    private void WriteRegister(Mpu6050Register register, byte value)
    {
        ReadOnlySpan<byte> data = [(byte)register, value];
        _device.Write(data);
    }
}
