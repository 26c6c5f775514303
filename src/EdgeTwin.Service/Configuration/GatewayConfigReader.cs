using System.Text.RegularExpressions;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Sync.Acquisition;
using Microsoft.Extensions.Configuration;

namespace EdgeTwin.Service.Configuration;

/// <summary>
/// Reads and validates the whole gateway configuration. Every error names its key path; all errors are
/// collected before giving up, so a user fixes a file in one go.
/// </summary>
public static partial class GatewayConfigReader
{
    public static GatewayConfig Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<ConfigError>();
        var root = new ConfigNode(configuration, "", errors);
        root.Accept("Logging");

        var gateway = ReadGateway(root.Child("Gateway", required: true));
        var simulation = ReadSimulation(root.Child("Simulation"));
        var devices = ReadDevices(root.Child("Devices", required: true), errors);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var channel in devices.SelectMany(d => d.Channels.Select(c => (Device: d, Channel: c))))
        {
            Claim(paths, errors, channel.Channel.TwinPath, $"Devices:{channel.Device.Name}:Channels:{channel.Channel.Name}:TwinPath");
        }

        var (encoders, derived) = DerivedSection.Read(root.Child("Derived"), devices, paths, errors);
        var twin = TwinSection.Read(root.Child("Twin"));
        var actuators = ReadActuators(root.Child("Actuators"), devices, paths, errors);
        var store = StoreSection.Read(root.Child("Store"), gateway?.StateDirectory ?? "data");
        var uplink = UplinkSection.Read(root.Child("Uplink"), gateway?.Name ?? "");
        var scoring = ScoringSection.Read(root.Child("Scoring"), errors.Count == 0 ? paths.Keys : null);
        var opcUa = OpcUaSection.Read(root.Child("OpcUa"), gateway?.Name ?? "");
        root.RejectUnknownKeys();

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return new GatewayConfig(gateway!, simulation, devices, encoders, actuators, store, uplink) { Twin = twin, Derived = derived, OpcUa = opcUa, Scoring = scoring };
    }

    private static GatewaySettings? ReadGateway(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var name = node.String("Name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            node.Error("Name", $"must be 1–64 letters, digits, '-' or '_', got '{name}'");
        }

        var stateDirectory = node.String("StateDirectory")
            ?? Environment.GetEnvironmentVariable("STATE_DIRECTORY")
            ?? "data";
        var statusSeconds = node.Double("StatusLogSeconds", 5, 0, 3600);
        node.RejectUnknownKeys();
        return new GatewaySettings(name ?? "", stateDirectory, TimeSpan.FromSeconds(statusSeconds));
    }

    private static SimulationSettings ReadSimulation(ConfigNode? node)
    {
        var defaults = new AxisPlantParameters();
        if (node is null)
        {
            return new SimulationSettings(true, 1, defaults, PlantFaults.None, DefaultCycle);
        }

        var enabled = node.Bool("Enabled", true);
        var seed = node.Int("Seed", 1, int.MinValue, int.MaxValue);
        var plant = defaults with
        {
            AmbientCelsius = node.Double("AmbientCelsius", defaults.AmbientCelsius, -40, 80),
            MaxSpeedRpm = node.Double("MaxSpeedRpm", defaults.MaxSpeedRpm, 100, 30_000),
            ThermalTimeConstantSeconds = node.Double("ThermalTimeConstantSeconds", defaults.ThermalTimeConstantSeconds, 1, 100_000),
        };

        var faults = PlantFaults.None;
        if (node.Child("Faults") is { } f)
        {
            faults = new PlantFaults
            {
                BearingWear = f.Double("BearingWear", 0, 0, 1),
                BearingWearOnsetSeconds = f.Double("BearingWearOnsetSeconds", 0, 0, 1e9),
                Overheating = f.Double("Overheating", 0, 0, 1),
                OverheatingOnsetSeconds = f.Double("OverheatingOnsetSeconds", 0, 0, 1e9),
            };
            f.RejectUnknownKeys();
        }

        var cycle = new List<CycleStep>();
        foreach (var step in node.Array("Cycle"))
        {
            var seconds = step.Double("Seconds", 0, 0.1, 86_400, required: true);
            var speed = step.Double("SpeedRpm", 0, 0, plant.MaxSpeedRpm, required: true);
            var brake = step.Bool("Brake", false);
            step.RejectUnknownKeys();
            cycle.Add(new CycleStep(TimeSpan.FromSeconds(seconds), speed, brake));
        }

        node.RejectUnknownKeys();
        return new SimulationSettings(enabled, seed, plant, faults, node.Has("Cycle") ? cycle : DefaultCycle);
    }

    private static IReadOnlyList<CycleStep> DefaultCycle { get; } =
    [
        new(TimeSpan.FromSeconds(40), 1500, false),
        new(TimeSpan.FromSeconds(40), 2700, false),
        new(TimeSpan.FromSeconds(10), 0, true),
    ];

    internal static string? ReadTwinPath(ConfigNode node, string key)
    {
        var path = node.String(key, required: true);
        if (path is not null && !TwinPathPattern().IsMatch(path))
        {
            node.Error(key, $"must be a twin path of '/'-separated segments of letters, digits, '_' or '-' (like 'axis1/motor/temperature'), got '{path}'");
        }

        return path;
    }

    internal static void Claim(Dictionary<string, string> paths, List<ConfigError> errors, string path, string keyPath)
    {
        if (path.Length > 0 && !paths.TryAdd(path, keyPath))
        {
            errors.Add(new ConfigError(keyPath, $"twin path '{path}' is already used by {paths[path]}"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,15}$")]
    private static partial Regex TwinPathPattern();
}
