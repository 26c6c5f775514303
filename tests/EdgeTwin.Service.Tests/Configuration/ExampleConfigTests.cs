using EdgeTwin.Drivers.Devices;
using EdgeTwin.Service.Cli;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.Configuration;

/// <summary>
/// The Raspberry Pi wiring examples in config/examples must stay valid as the schema and the device catalog
/// evolve, and must describe a machine whose buses a probe would confirm.
/// </summary>
public sealed class ExampleConfigTests
{
    private static readonly string ExamplesDirectory = Path.Combine(RepositoryPaths.Root, "config", "examples");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(ExamplesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void There_is_an_example_per_device_family()
    {
        var names = Directory.GetFiles(ExamplesDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).ToList();
        foreach (var family in new[] { "imu", "encoder", "temperature", "actuator" })
        {
            Assert.Contains($"raspberry-pi-{family}", names);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_and_targets_real_hardware(string file)
    {
        var (config, _, source) = ConfigLoader.Load(Path.Combine(ExamplesDirectory, file));
        Assert.Equal(Path.Combine(ExamplesDirectory, file), source);
        Assert.False(config.Simulation.Enabled, "examples describe real wiring: Simulation.Enabled must be false");
        Assert.NotEmpty(config.Devices);
        Assert.All(config.Devices, d => Assert.NotEmpty(d.Channels));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Probing_the_example_wiring_finds_every_configured_i2c_device_as_its_type(string file)
    {
        var path = Path.Combine(ExamplesDirectory, file);
        var (config, _, _) = ConfigLoader.Load(path);
        foreach (var bus in config.Devices.Where(d => d.Type.Bus == BusKind.I2c).Select(d => d.Bus).Distinct())
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = ProbeCommand.Run(bus, simulated: true, path, output, error);
            Assert.True(exit == 0, $"{file} {bus}: exit {exit}\n{output}\n{error}");
            foreach (var device in config.Devices.Where(d => d.Bus == bus))
            {
                Assert.Contains($"0x{device.Address:X2}", output.ToString(), StringComparison.Ordinal);
                Assert.Contains($"configured as '{device.Name}' ({device.Type.Name})", output.ToString(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain("MISMATCH", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Simulated_scan_of_an_example_prints_the_i2cdetect_grid()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ScanCommand.Run("i2c-1", simulated: true, Path.Combine(ExamplesDirectory, "raspberry-pi-temperature.json"), output, error);
        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("10: -- -- -- -- -- -- -- -- 18 -- -- -- -- -- -- --", text, StringComparison.Ordinal);
        Assert.Contains("70: -- -- -- -- -- -- 76 --", text, StringComparison.Ordinal);
        Assert.Contains("sim:i2c-1: 2 present", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_reports_a_configured_device_that_is_not_on_the_bus()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // The temperature example's devices sit on i2c-1; on i2c-3 nothing answers and nothing is configured.
        Assert.Equal(0, ProbeCommand.Run("i2c-3", simulated: true, Path.Combine(ExamplesDirectory, "raspberry-pi-temperature.json"), output, error));
        Assert.Contains("sim:i2c-3: 0 present", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_bus_name_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, ScanCommand.Run("i2c1", simulated: true, null, output, error));
        Assert.Equal("error: --bus must name an I2C bus like 'i2c-1', got 'i2c1'", error.ToString().Trim());
    }
}
