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
        type.AttachSimulator(plant, type.Bus == BusKind.I2c ? "i2c-1" : "spi0", address, options);
        var driver = type.Bus == BusKind.I2c
            ? type.Create(plant.OpenI2c("i2c-1", address), options)
            : type.Create(plant.OpenSpi("spi0", address), options);

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
