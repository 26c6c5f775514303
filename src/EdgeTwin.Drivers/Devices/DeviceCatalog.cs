using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Encoders.As5600;
using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Devices.Environment.Bme280;
using EdgeTwin.Drivers.Devices.Imu.Lsm6dso;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Devices.Temperature.Max31865;
using EdgeTwin.Drivers.Devices.Temperature.Mcp9808;
using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Serial;

namespace EdgeTwin.Drivers.Devices;

/// <summary>The device types configuration may name, keyed by their lower-case type name.</summary>
public static class DeviceCatalog
{
    private static readonly DeviceType[] Types =
    [
        new DeviceType(
            "mpu6050", BusKind.I2c, "InvenSense MPU-6050/6500 6-axis IMU",
            Mpu6050.ChannelDescriptors,
            [
                new DeviceOption("AccelRangeG", 4, [2, 4, 8, 16]),
                new DeviceOption("GyroRangeDps", 500, [250, 500, 1000, 2000]),
                new DeviceOption(FifoPollOption, 0, Min: 0, Max: Mpu6050FifoMaxPollHz),
            ],
            DefaultRateHz: 1000, MaxRateHz: 1000,
            CreateMpu6050,
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Mpu6050Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "mcp9808", BusKind.I2c, "Microchip MCP9808 temperature sensor",
            Mcp9808.ChannelDescriptors,
            [new DeviceOption("ResolutionCelsius", 0.25, [0.5, 0.25, 0.125, 0.0625])],
            DefaultRateHz: 10, MaxRateHz: 40,
            c => new Mcp9808((II2cDevice)c.Endpoint, c.Get("ResolutionCelsius", 0.25)),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Mcp9808Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "ls7366r", BusKind.Spi, "LSI/CSI LS7366R quadrature counter",
            Ls7366r.ChannelDescriptors,
            [new DeviceOption("LinesPerRevolution", 1024, Min: 1, Max: 1_000_000)],
            DefaultRateHz: 1000, MaxRateHz: 10_000,
            c => new Ls7366r((ISpiDevice)c.Endpoint),
            (plant, bus, cs, o) => plant.AttachSpi(bus, cs, new Ls7366rSimulator(plant.Axis, plant.Clock, (int)Get(o, "LinesPerRevolution", 1024)))),
        new DeviceType(
            "lsm6dso", BusKind.I2c, "ST LSM6DSO 6-axis IMU (I2C)",
            Lsm6dso.ChannelDescriptors, Lsm6dsoOptionList,
            DefaultRateHz: 1000, MaxRateHz: 3330,
            c => new Lsm6dso((II2cDevice)c.Endpoint, Lsm6dsoOptionsFrom(c.Options)),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Lsm6dsoSimulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "lsm6dso-spi", BusKind.Spi, "ST LSM6DSO 6-axis IMU (SPI)",
            Lsm6dso.ChannelDescriptors, Lsm6dsoOptionList,
            DefaultRateHz: 1000, MaxRateHz: 6660,
            c => new Lsm6dso((ISpiDevice)c.Endpoint, Lsm6dsoOptionsFrom(c.Options)),
            (plant, bus, cs, _) => plant.AttachSpi(bus, cs, new Lsm6dsoSimulator(plant.Axis, plant.Clock, seed: 6_000 + cs))),
        new DeviceType(
            "as5600", BusKind.I2c, "ams AS5600 12-bit magnetic absolute encoder",
            As5600.ChannelDescriptors, [],
            DefaultRateHz: 500, MaxRateHz: 1000,
            c => new As5600((II2cDevice)c.Endpoint),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new As5600Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "bme280", BusKind.I2c, "Bosch BME280 temperature/pressure/humidity sensor",
            Bme280.ChannelDescriptors,
            [
                new DeviceOption("Oversampling", 1, [1, 2, 4, 8, 16]),
                new DeviceOption("Filter", 0, [0, 2, 4, 8, 16]),
            ],
            DefaultRateHz: 1, MaxRateHz: 100,
            c => new Bme280((II2cDevice)c.Endpoint, (int)c.Get("Oversampling", 1), (int)c.Get("Filter", 0)),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Bme280Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "max31865", BusKind.Spi, "Maxim MAX31865 PT100/PT1000 RTD converter",
            Max31865.ChannelDescriptors,
            [
                new DeviceOption("NominalOhms", 100, [100, 1000]),
                new DeviceOption("ReferenceOhms", 430, Min: 121, Max: 10_000),
                new DeviceOption("Wires", 3, [2, 3, 4]),
                new DeviceOption("MainsHz", 50, [50, 60]),
            ],
            DefaultRateHz: 10, MaxRateHz: 16,
            c => new Max31865((ISpiDevice)c.Endpoint, Max31865OptionsFrom(c.Options)),
            (plant, bus, cs, o) => plant.AttachSpi(bus, cs, new Max31865Simulator(
                plant.Axis, plant.Clock, Get(o, "NominalOhms", 100), Get(o, "ReferenceOhms", 430), seed: 31_865 + cs))),
        new DeviceType(
            "serial-imu", BusKind.Serial, "Six-axis IMU printing 'ax,ay,az,gx,gy,gz' lines (m/s2, rad/s) on a UART",
            SerialLineSensor.ChannelDescriptors,
            [new DeviceOption("MaxLineLength", 256, Min: 32, Max: 4096)],
            DefaultRateHz: 100, MaxRateHz: 1000,
            c => new SerialLineSensor((ISerialPort)c.Endpoint, (int)c.Get("MaxLineLength", 256)),
            (plant, port, _, _) => plant.AttachEndpoint(port, seed => new SerialImuSimulator(port, plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "ds18b20", BusKind.OneWire, "Maxim DS18B20 1-Wire temperature sensor (kernel w1_therm)",
            Ds18b20Sensor.ChannelDescriptors, [],
            DefaultRateHz: 0.5, MaxRateHz: 1,
            c => new Ds18b20Sensor(((IOneWireSlave)c.Endpoint).Path.Split('/')[^2], (IOneWireSlave)c.Endpoint),
            (plant, id, _, _) => plant.AttachEndpoint(id, _ => new Ds18b20Simulator(id, plant.Axis, plant.Clock))),
        new DeviceType(
            "quadrature", BusKind.Gpio, "Incremental A/B(/Z) encoder decoded x4 from GPIO edge events",
            QuadratureEncoder.ChannelDescriptors,
            [
                new DeviceOption("LinesPerRevolution", 1024, Min: 1, Max: 100_000),
                new DeviceOption("DebounceUs", 0, Min: 0, Max: 100_000),
            ],
            DefaultRateHz: 1000, MaxRateHz: 10_000,
            c => new QuadratureEncoder((QuadratureInputs)c.Endpoint, c.Clock),
            (plant, key, _, o) => plant.AttachEndpoint(key, _ => new QuadratureSimulator(plant.Axis, plant.Clock, (int)Get(o, "LinesPerRevolution", 1024)))),
    ];

    /// <summary>
    /// The MPU-6050 option that switches it to FIFO reading: the bus is polled at this rate and each poll drains
    /// the frames sampled at RateHz since the last one (0: one direct burst read per sample).
    /// </summary>
    public const string FifoPollOption = "FifoPollHz";

    /// <summary>Frames one poll may find waiting: 60 of the FIFO's 73 leaves headroom for a late poll.</summary>
    public const int Mpu6050FifoMaxFramesPerPoll = 60;

    private const double Mpu6050FifoMaxPollHz = 200;

    private static DeviceOption[] Lsm6dsoOptionList =>
    [
        new DeviceOption("AccelRangeG", 4, [2, 4, 8, 16]),
        new DeviceOption("GyroRangeDps", 500, [125, 250, 500, 1000, 2000]),
        new DeviceOption("OdrHz", 1660, Lsm6dsoOptions.DataRates),
    ];

    public static IReadOnlyList<DeviceType> All => Types;

    public static bool TryGet(string name, out DeviceType type)
    {
        type = Array.Find(Types, t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return type is not null;
    }

    /// <summary>
    /// The FIFO path when <see cref="FifoPollOption"/> is set: the chip samples at the configured rate on its own
    /// clock (which must be 1 kHz divided by 1..250) and the sampler drains it at the poll rate.
    /// </summary>
    private static ISampledDevice CreateMpu6050(DriverContext c)
    {
        var options = new Mpu6050Options
        {
            AccelRangeG = (int)c.Get("AccelRangeG", 4),
            GyroRangeDps = (int)c.Get("GyroRangeDps", 500),
        };
        return c.Get(FifoPollOption, 0) > 0
            ? new Mpu6050Fifo((II2cDevice)c.Endpoint, c.Clock, options, (int)Math.Round(c.RateHz))
            : new Mpu6050((II2cDevice)c.Endpoint, options);
    }

    private static Lsm6dsoOptions Lsm6dsoOptionsFrom(IReadOnlyDictionary<string, double> o) => new()
    {
        AccelRangeG = (int)Get(o, "AccelRangeG", 4),
        GyroRangeDps = (int)Get(o, "GyroRangeDps", 500),
        OdrHz = Get(o, "OdrHz", 1660),
    };

    private static Max31865Options Max31865OptionsFrom(IReadOnlyDictionary<string, double> o) => new()
    {
        NominalOhms = Get(o, "NominalOhms", 100),
        ReferenceOhms = Get(o, "ReferenceOhms", 430),
        Wires = (int)Get(o, "Wires", 3),
        MainsHz = (int)Get(o, "MainsHz", 50),
    };

    private static double Get(IReadOnlyDictionary<string, double> options, string name, double fallback) =>
        options.TryGetValue(name, out var value) ? value : fallback;
}
