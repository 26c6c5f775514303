using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
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
    ];

    public static IReadOnlyList<DeviceType> All => Types;

    public static bool TryGet(string name, out DeviceType type)
    {
        type = Array.Find(Types, t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return type is not null;
    }

    private static double Get(IReadOnlyDictionary<string, double> options, string name, double fallback) =>
        options.TryGetValue(name, out var value) ? value : fallback;
}
