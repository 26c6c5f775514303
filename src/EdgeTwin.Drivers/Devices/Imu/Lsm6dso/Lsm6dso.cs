using System.Buffers.Binary;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Registers;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Imu.Lsm6dso;

/// <summary>
/// ST LSM6DSO 6-axis IMU over I2C or SPI. One 14-byte burst from OUT_TEMP_L (0x20) reads temperature, gyroscope
/// and accelerometer; block data update (BDU) keeps the low and high bytes of each output from the same sample.
/// </summary>
public sealed class Lsm6dso : ISampledDevice
{
    public const byte WhoAmIValue = 0x6C;

    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("accel_x", "m/s2"), new("accel_y", "m/s2"), new("accel_z", "m/s2"),
        new("gyro_x", "rad/s"), new("gyro_y", "rad/s"), new("gyro_z", "rad/s"),
        new("temperature", "degC"),
    ];

    private readonly IRegisterPort _port;
    private readonly Lsm6dsoOptions _options;
    private readonly double _accelScale;
    private readonly double _gyroScale;
    private readonly byte _odr;

    public Lsm6dso(II2cDevice device, Lsm6dsoOptions options)
        : this(new I2cRegisterPort(device ?? throw new ArgumentNullException(nameof(device))), options)
    {
    }

    public Lsm6dso(ISpiDevice device, Lsm6dsoOptions options)
        : this(new SpiRegisterPort(device ?? throw new ArgumentNullException(nameof(device))), options)
    {
    }

    private Lsm6dso(IRegisterPort port, Lsm6dsoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _port = port;
        _options = options;
        _odr = Lsm6dsoScale.OdrCode(options.OdrHz);
        _accelScale = Lsm6dsoScale.AccelMgPerLsb(options.AccelRangeG) * 1e-3 * 9.80665;
        _gyroScale = Lsm6dsoScale.GyroMdpsPerLsb(options.GyroRangeDps) * 1e-3 * Math.PI / 180;
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public void Initialize()
    {
        Span<byte> id = stackalloc byte[1];
        _port.Read((byte)Lsm6dsoRegister.WhoAmI, id);
        if (id[0] != WhoAmIValue)
        {
            throw new DeviceException($"{_port.Describe}: WHO_AM_I is 0x{id[0]:X2}, expected 0x6C (LSM6DSO)");
        }

        // BDU | IF_INC (CTRL3_C §9.16): outputs are not updated between reading their low and high bytes, and
        // the address auto-increments so one burst reads all channels.
        _port.Write((byte)Lsm6dsoRegister.Ctrl3C, 0x44);
        _port.Write((byte)Lsm6dsoRegister.Ctrl1Xl, (byte)(_odr << 4 | Lsm6dsoScale.AccelCode(_options.AccelRangeG) << 2));
        _port.Write((byte)Lsm6dsoRegister.Ctrl2G, (byte)(_odr << 4 | Lsm6dsoScale.GyroBits(_options.GyroRangeDps)));

        Span<byte> ctrl = stackalloc byte[3];
        _port.Read((byte)Lsm6dsoRegister.Ctrl1Xl, ctrl);
        if (ctrl[0] >> 4 != _odr || ctrl[1] >> 4 != _odr || (ctrl[2] & 0x44) != 0x44)
        {
            throw new DeviceException($"{_port.Describe}: configuration did not stick (CTRL1_XL=0x{ctrl[0]:X2}, CTRL2_G=0x{ctrl[1]:X2}, CTRL3_C=0x{ctrl[2]:X2})");
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> raw = stackalloc byte[14];
        _port.Read((byte)Lsm6dsoRegister.OutTempL, raw);

        for (var axis = 0; axis < 3; axis++)
        {
            var g = BinaryPrimitives.ReadInt16LittleEndian(raw[(2 + axis * 2)..]);
            values[3 + axis] = g * _gyroScale;
            qualities[3 + axis] = Saturated(g) ? Quality.SensorNotAccurate : Quality.Good;

            var a = BinaryPrimitives.ReadInt16LittleEndian(raw[(8 + axis * 2)..]);
            values[axis] = a * _accelScale;
            qualities[axis] = Saturated(a) ? Quality.SensorNotAccurate : Quality.Good;
        }

        // OUT_TEMP: 256 LSB/°C, zero at 25 °C (DS12140 table 4).
        values[6] = BinaryPrimitives.ReadInt16LittleEndian(raw) / 256.0 + 25;
        qualities[6] = Quality.Good;
    }

    private static bool Saturated(short raw) => raw is short.MaxValue or short.MinValue;
}
