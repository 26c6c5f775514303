using System.CommandLine;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Probe;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Cli;

/// <summary>
/// <c>probe</c>: scans an I2C bus and names the chip at every address from its identity registers (reads only).
/// When a configuration is given (always with <c>--simulated</c>) each configured device on that bus is checked:
/// the exit code is 1 when one is missing or a different chip answers at its address.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(Option<string?> configOption)
    {
        ArgumentNullException.ThrowIfNull(configOption);
        var bus = ScanCommand.BusOption();
        var simulated = ScanCommand.SimulatedOption();
        var command = new Command("probe", "Identify the known chips on an I2C bus by their ID registers and check them against the configuration.");
        command.Options.Add(bus);
        command.Options.Add(simulated);
        command.SetAction(parse => Run(parse.GetValue(bus) ?? "i2c-1", parse.GetValue(simulated), parse.GetValue(configOption), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string bus, bool simulated, string? configPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return ScanCommand.WithBus(bus, simulated, configPath, error, (probe, open, config) =>
        {
            var present = I2cBusScanner.Scan(probe).PresentAddresses;
            var found = DeviceProbe.IdentifyAll(present, open);
            var configured = config?.Devices.Where(d => d.Type.Bus == BusKind.I2c && d.Bus == bus).ToList() ?? [];
            var problems = 0;

            output.WriteLine($"{probe.BusName}: {found.Count} present");
            foreach (var result in found)
            {
                var device = configured.Find(d => d.Address == result.Address);
                var note = device is null ? "" : $"  configured as '{device.Name}' ({device.Type.Name})";
                if (device is not null && result.Type != device.Type.Name && !SameChip(device.Type.Name, result.Type))
                {
                    note += " — MISMATCH";
                    problems++;
                }

                output.WriteLine($"  0x{result.Address:X2}  {result.Chip,-26} {result.Type ?? "-",-10} {result.Evidence}{note}");
            }

            foreach (var device in configured.Where(d => !present.Contains(d.Address)))
            {
                output.WriteLine($"  0x{device.Address:X2}  MISSING: configured device '{device.Name}' ({device.Type.Name}) does not answer");
                problems++;
            }

            return problems == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
    }

    /// <summary>Device types that are the same chip on another bus (lsm6dso / lsm6dso-spi) identify as the I2C type.</summary>
    private static bool SameChip(string configured, string? probed) =>
        probed is not null && configured.StartsWith(probed + "-", StringComparison.Ordinal);
}
