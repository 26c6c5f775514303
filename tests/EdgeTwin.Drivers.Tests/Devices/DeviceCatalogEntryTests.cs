using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

/// <summary>Every catalog type can be hosted by the simulated plant and read through its driver, as configuration does.</summary>
public sealed class DeviceCatalogEntryTests
{
    private static readonly Dictionary<string, int> Addresses = new()
    {
        ["mpu6050"] = 0x68,
        ["mcp9808"] = 0x18,
        ["ls7366r"] = 0,
        ["lsm6dso"] = 0x6A,
        ["lsm6dso-spi"] = 1,
        ["as5600"] = 0x36,
        ["bme280"] = 0x76,
        ["max31865"] = 2,
        ["serial-imu"] = 0,
        ["ds18b20"] = 0,
        ["quadrature"] = 0,
    };

    /// <summary>Where each bus kind's test device sits: a bus name, or the plant's key for an unaddressed endpoint.</summary>
    private static readonly Dictionary<BusKind, string> Buses = new()
    {
        [BusKind.I2c] = "i2c-1",
        [BusKind.Spi] = "spi0",
        [BusKind.Serial] = "/dev/ttyUSB0",
        [BusKind.OneWire] = "28-0316a2794aff",
        [BusKind.Gpio] = "gpiochip0/GPIO23",
    };

    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in DeviceCatalog.All)
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Type_is_hosted_by_the_plant_and_reads_good_values_with_default_options(string name)
    {
        Assert.True(DeviceCatalog.TryGet(name, out var type));
        Assert.True(Addresses.TryGetValue(name, out var address), $"add a test address for '{name}'");
        var clock = new ManualClock();
        var plant = new SimulatedPlant(clock, new AxisPlantParameters(), PlantFaults.None, seed: 3);
        var options = new Dictionary<string, double>();
        var bus = Buses[type.Bus];
        type.AttachSimulator(plant, bus, address, options);
        object endpoint = type.Bus switch
        {
            BusKind.I2c => plant.OpenI2c(bus, address),
            BusKind.Spi => plant.OpenSpi(bus, address),
            _ => plant.OpenEndpoint(bus),
        };
        var driver = type.Create(endpoint, options, type.DefaultRateHz, clock);

        Assert.Equal(type.Channels.Select(c => c.Name), driver.Channels.Select(c => c.Name));
        driver.Initialize();
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var values = new double[driver.Channels.Count];
        var qualities = new Quality[driver.Channels.Count];
        driver.Read(values, qualities);
        Assert.All(qualities, q => Assert.True(q.IsGood, $"{name}: {q}"));
        Assert.All(values, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Every_option_default_is_allowed_and_rates_are_consistent(string name)
    {
        Assert.True(DeviceCatalog.TryGet(name, out var type));
        Assert.All(type.Options, o => Assert.Null(o.Check(o.Default)));
        Assert.InRange(type.DefaultRateHz, 0.01, type.MaxRateHz);
    }
}
