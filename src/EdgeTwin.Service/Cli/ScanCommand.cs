using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Probe;
using EdgeTwin.Drivers.Devices.Pwm.Pca9685;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>scan</c>: the addresses that answer on an I2C bus, as i2cdetect prints them. With <c>--simulated</c> the
/// bus is the simulated plant's, populated with the configuration's devices — what the scan of a machine wired
/// as configured would show.
/// </summary>
internal static partial class ScanCommand
{
    public static Command Create(Option<string?> configOption)
    {
        ArgumentNullException.ThrowIfNull(configOption);
        var bus = BusOption();
        var simulated = SimulatedOption();
        var command = new Command("scan", "List the addresses that answer on an I2C bus (like i2cdetect -y).");
        command.Options.Add(bus);
        command.Options.Add(simulated);
        command.SetAction(parse => Run(parse.GetValue(bus) ?? "i2c-1", parse.GetValue(simulated), parse.GetValue(configOption), Console.Out, Console.Error));
        return command;
    }

    internal static Option<string> BusOption() => new("--bus", "-b")
    {
        Description = "The I2C bus, e.g. i2c-1 (/dev/i2c-1)",
        DefaultValueFactory = _ => "i2c-1",
    };

    internal static Option<bool> SimulatedOption() => new("--simulated")
    {
        Description = "Use the simulated plant's bus, populated with the configuration's devices",
    };

    public static int Run(string bus, bool simulated, string? configPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return WithBus(bus, simulated, configPath, error, (probe, _, _) =>
        {
            var result = I2cBusScanner.Scan(probe);
            output.Write(result.ToGrid());
            var skipped = result.SkippedAddresses > 0 ? $", {result.SkippedAddresses} not probed (the adapter cannot do the probe they need)" : "";
            output.WriteLine($"{result.BusName}: {result.PresentAddresses.Count} present{skipped}");
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Opens the real or simulated bus and runs <paramref name="action"/> with its probe, a way to open targets,
    /// and the configuration when one was loaded. Bus and configuration failures become exit codes and messages.
    /// </summary>
    internal static int WithBus(string bus, bool simulated, string? configPath, TextWriter error, Func<II2cBusProbe, Func<int, II2cDevice>, GatewayConfig?, int> action)
    {
        var match = BusPattern().Match(bus ?? "");
        if (!match.Success)
        {
            error.WriteLine($"error: --bus must name an I2C bus like 'i2c-1', got '{bus}'");
            return ExitCodes.ConfigurationError;
        }

        GatewayConfig? config = null;
        if (simulated || configPath is not null)
        {
            try
            {
                config = ConfigLoader.Load(configPath).Config;
            }
            catch (ConfigException ex)
            {
                foreach (var problem in ex.Errors)
                {
                    error.WriteLine($"config error: {problem}");
                }

                return ExitCodes.ConfigurationError;
            }
        }

        try
        {
            if (simulated)
            {
                var plant = new SimulatedPlant(new SystemClock(), config!.Simulation.Plant, config.Simulation.Faults, config.Simulation.Seed);
                foreach (var device in config.Devices.Where(d => d.Type.Bus == BusKind.I2c))
                {
                    device.Type.AttachSimulator(plant, device.Bus, device.Address, device.Options);
                }

                // PCA9685 actuator controllers answer on the bus too.
                foreach (var output in config.Actuators.Select(a => a.Pca9685).OfType<Pca9685Output>().DistinctBy(o => o.ControllerKey))
                {
                    plant.AttachI2c(output.Bus, output.Address, _ => new Pca9685Simulator());
                }

                var simulatedBus = plant.I2cBus(bus!);
                return action(new SimulatedBusProbe(simulatedBus), simulatedBus.Open, config);
            }

            using var linux = LinuxI2cBus.Open(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            return action(linux, linux.CreateDevice, config);
        }
        catch (BusException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    [GeneratedRegex("^i2c-([0-9]{1,3})$")]
    private static partial Regex BusPattern();
}
