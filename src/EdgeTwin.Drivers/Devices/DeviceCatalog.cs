using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Encoders.As5600;
using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Devices.Environment.Bme280;
using EdgeTwin.Drivers.Devices.Imu.Lsm6dso;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Devices.Temperature.Max31865;
using EdgeTwin.Drivers.Devices.Temperature.Mcp9808;

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
            ],
            DefaultRateHz: 1000, MaxRateHz: 1000,
            (bus, o) => new Mpu6050((II2cDevice)bus, new Mpu6050Options
            {
                AccelRangeG = (int)Get(o, "AccelRangeG", 4),
                GyroRangeDps = (int)Get(o, "GyroRangeDps", 500),
            }),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Mpu6050Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "mcp9808", BusKind.I2c, "Microchip MCP9808 temperature sensor",
            Mcp9808.ChannelDescriptors,
            [new DeviceOption("ResolutionCelsius", 0.25, [0.5, 0.25, 0.125, 0.0625])],
            DefaultRateHz: 10, MaxRateHz: 40,
            (bus, o) => new Mcp9808((II2cDevice)bus, Get(o, "ResolutionCelsius", 0.25)),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Mcp9808Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "ls7366r", BusKind.Spi, "LSI/CSI LS7366R quadrature counter",
            Ls7366r.ChannelDescriptors,
            [new DeviceOption("LinesPerRevolution", 1024, Min: 1, Max: 1_000_000)],
            DefaultRateHz: 1000, MaxRateHz: 10_000,
            (bus, _) => new Ls7366r((ISpiDevice)bus),
            (plant, bus, cs, o) => plant.AttachSpi(bus, cs, new Ls7366rSimulator(plant.Axis, plant.Clock, (int)Get(o, "LinesPerRevolution", 1024)))),
        new DeviceType(
            "lsm6dso", BusKind.I2c, "ST LSM6DSO 6-axis IMU (I2C)",
            Lsm6dso.ChannelDescriptors, Lsm6dsoOptionList,
            DefaultRateHz: 1000, MaxRateHz: 3330,
            (bus, o) => new Lsm6dso((II2cDevice)bus, Lsm6dsoOptionsFrom(o)),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new Lsm6dsoSimulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "lsm6dso-spi", BusKind.Spi, "ST LSM6DSO 6-axis IMU (SPI)",
            Lsm6dso.ChannelDescriptors, Lsm6dsoOptionList,
            DefaultRateHz: 1000, MaxRateHz: 6660,
            (bus, o) => new Lsm6dso((ISpiDevice)bus, Lsm6dsoOptionsFrom(o)),
            (plant, bus, cs, _) => plant.AttachSpi(bus, cs, new Lsm6dsoSimulator(plant.Axis, plant.Clock, seed: 6_000 + cs))),
        new DeviceType(
            "as5600", BusKind.I2c, "ams AS5600 12-bit magnetic absolute encoder",
            As5600.ChannelDescriptors, [],
            DefaultRateHz: 500, MaxRateHz: 1000,
            (bus, _) => new As5600((II2cDevice)bus),
            (plant, bus, address, _) => plant.AttachI2c(bus, address, seed => new As5600Simulator(plant.Axis, plant.Clock, seed))),
        new DeviceType(
            "bme280", BusKind.I2c, "Bosch BME280 temperature/pressure/humidity sensor",
            Bme280.ChannelDescriptors,
            [
                new DeviceOption("Oversampling", 1, [1, 2, 4, 8, 16]),
                new DeviceOption("Filter", 0, [0, 2, 4, 8, 16]),
            ],
            DefaultRateHz: 1, MaxRateHz: 100,
            (bus, o) => new Bme280((II2cDevice)bus, (int)Get(o, "Oversampling", 1), (int)Get(o, "Filter", 0)),
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
            (bus, o) => new Max31865((ISpiDevice)bus, Max31865OptionsFrom(o)),
            (plant, bus, cs, o) => plant.AttachSpi(bus, cs, new Max31865Simulator(
                plant.Axis, plant.Clock, Get(o, "NominalOhms", 100), Get(o, "ReferenceOhms", 430), seed: 31_865 + cs))),
    ];

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
