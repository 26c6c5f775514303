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

        var encoders = ReadEncoders(root.Child("Derived"), devices, paths, errors);
        var actuators = ReadActuators(root.Child("Actuators"), paths, errors);
        var store = StoreSection.Read(root.Child("Store"), gateway?.StateDirectory ?? "data");
        var uplink = UplinkSection.Read(root.Child("Uplink"), gateway?.Name ?? "");
        root.RejectUnknownKeys();

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return new GatewayConfig(gateway!, simulation, devices, encoders, actuators, store, uplink);
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

    private static List<DeviceSettings> ReadDevices(ConfigNode? node, List<ConfigError> errors)
    {
        var devices = new List<DeviceSettings>();
        if (node is null)
        {
            return devices;
        }

        var addresses = new Dictionary<(string Bus, int Address), string>();
        foreach (var (name, d) in node.Named())
        {
            if (!NamePattern().IsMatch(name))
            {
                node.Error(name, "device names must be 1–64 letters, digits, '-' or '_'");
            }

            var typeName = d.OneOf("Type", DeviceCatalog.All.Select(t => t.Name).ToList(), required: true);
            if (typeName is null || !DeviceCatalog.TryGet(typeName, out var type))
            {
                d.Accept("Bus");
                d.Accept("Address");
                d.Accept("RateHz");
                d.Accept("Options");
                d.Accept("Channels");
                d.Accept("Calibration");
                d.RejectUnknownKeys();
                continue;
            }

            var bus = d.String("Bus", required: true);
            var busPattern = type.Bus == BusKind.I2c ? I2cBusPattern() : SpiBusPattern();
            if (bus is not null && !busPattern.IsMatch(bus))
            {
                d.Error("Bus", type.Bus == BusKind.I2c
                    ? $"must name an I2C bus like 'i2c-1' (/dev/i2c-1), got '{bus}'"
                    : $"must name a SPI bus like 'spi0' (/dev/spidev0.*), got '{bus}'");
            }

            var address = type.Bus == BusKind.I2c
                ? d.Int("Address", -1, 0x03, 0x77, required: true)
                : d.Int("Address", -1, 0, 7, required: true);
            if (bus is not null && address >= 0 && !addresses.TryAdd((bus, address), name))
            {
                var shown = type.Bus == BusKind.I2c ? $"0x{address:X2}" : $"chip select {address}";
                d.Error("Address", $"{bus} {shown} is already used by device '{addresses[(bus, address)]}'");
            }

            var rate = d.Double("RateHz", type.DefaultRateHz, 0.01, type.MaxRateHz);
            var options = ReadOptions(d.Child("Options"), type);
            var channels = ReadChannels(d.Child("Channels", required: true), type);
            var calibration = ReadCalibration(d.Child("Calibration"), type);
            d.RejectUnknownKeys();
            devices.Add(new DeviceSettings(name, type, bus ?? "", address, rate, options, channels, calibration));
        }

        node.RejectUnknownKeys();
        if (devices.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ConfigError("Devices", "must configure at least one device"));
        }

        return devices;
    }

    private static Dictionary<string, double> ReadOptions(ConfigNode? node, DeviceType type)
    {
        var options = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (node is null)
        {
            return options;
        }

        foreach (var option in type.Options)
        {
            if (!node.Has(option.Name))
            {
                node.Accept(option.Name);
                continue;
            }

            var value = node.Double(option.Name, option.Default, double.MinValue, double.MaxValue);
            if (option.Check(value) is { } problem)
            {
                node.Error(option.Name, problem);
                continue;
            }

            options[option.Name] = value;
        }

        node.RejectUnknownKeys();
        return options;
    }

    private static List<ChannelSettings> ReadChannels(ConfigNode? node, DeviceType type)
    {
        var channels = new List<ChannelSettings>();
        if (node is null)
        {
            return channels;
        }

        foreach (var (name, c) in node.Named())
        {
            var index = IndexOf(type, name);
            if (index < 0)
            {
                node.Error(name, $"is not a channel of {type.Name}; it has {string.Join(", ", type.Channels.Select(x => x.Name))}");
                continue;
            }

            var path = ReadTwinPath(c, "TwinPath");
            var native = type.Channels[index].Unit;
            var unit = c.String("Unit") ?? native;
            if (!UnitConversion.TryGet(native, unit, out _))
            {
                c.Error("Unit", $"{type.Name} {name} is measured in {native}; it can be given in {string.Join(", ", UnitConversion.TargetsOf(native))}, not '{unit}'");
            }

            var min = c.Double("Min", double.NegativeInfinity, double.MinValue, double.MaxValue);
            var max = c.Double("Max", double.PositiveInfinity, double.MinValue, double.MaxValue);
            if (min >= max)
            {
                c.Error("Max", $"must be greater than Min ({min})");
            }

            c.RejectUnknownKeys();
            channels.Add(new ChannelSettings(name, index, path ?? "", native, unit, min, max));
        }

        node.RejectUnknownKeys();
        if (channels.Count == 0)
        {
            node.Error("", "must publish at least one channel");
        }

        return channels;
    }

    private static CalibrationSettings? ReadCalibration(ConfigNode? node, DeviceType type)
    {
        if (node is null)
        {
            return null;
        }

        int[] indices;
        var names = node.Child("Channels");
        if (names is null)
        {
            indices = Enumerable.Range(0, type.Channels.Count).ToArray();
        }
        else
        {
            var list = new List<int>();
            foreach (var (key, _) in names.Named())
            {
                var channel = names.String(key);
                var index = channel is null ? -1 : IndexOf(type, channel);
                if (index < 0)
                {
                    names.Error(key, $"'{channel}' is not a channel of {type.Name}");
                }

                list.Add(index);
            }

            indices = [.. list];
        }

        var n = indices.Length;
        var bias = node.Numbers("Bias") ?? new double[n];
        if (bias.Length != n)
        {
            node.Error("Bias", $"must have {n} elements (one per calibrated channel), got {bias.Length}");
        }

        var scale = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            scale[i, i] = 1;
        }

        if (node.Child("Scale") is { } s)
        {
            var rows = node.Array("Scale");
            if (rows.Count != n)
            {
                node.Error("Scale", $"must be a {n}×{n} matrix, got {rows.Count} rows");
            }
            else
            {
                for (var r = 0; r < n; r++)
                {
                    var row = s.Numbers(r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (row is null || row.Length != n)
                    {
                        s.Error(r.ToString(System.Globalization.CultureInfo.InvariantCulture), $"row must have {n} numbers, got {row?.Length ?? 0}");
                        continue;
                    }

                    for (var c = 0; c < n; c++)
                    {
                        scale[r, c] = row[c];
                    }
                }
            }
        }

        node.RejectUnknownKeys();
        return indices.Contains(-1) || bias.Length != n ? null : new CalibrationSettings(indices, bias, scale);
    }

    private static List<EncoderSettings> ReadEncoders(ConfigNode? node, List<DeviceSettings> devices, Dictionary<string, string> paths, List<ConfigError> errors)
    {
        var encoders = new List<EncoderSettings>();
        if (node is null)
        {
            return encoders;
        }

        foreach (var (name, e) in node.Named())
        {
            e.OneOf("Type", ["encoder"], required: true);
            var source = e.String("Source", required: true);
            var sourceChannel = devices.SelectMany(d => d.Channels.Select(c => (Device: d, Channel: c)))
                .FirstOrDefault(x => x.Channel.TwinPath == source);
            if (source is not null && sourceChannel.Channel is null)
            {
                e.Error("Source", $"'{source}' is not the twin path of any device channel");
            }
            else if (sourceChannel.Channel is { NativeUnit: not "counts" })
            {
                e.Error("Source", $"'{source}' is measured in {sourceChannel.Channel.NativeUnit}, an encoder source must be a counts channel");
            }

            var cpr = e.Double("CountsPerRevolution", 0, 1, 1e9, required: true);
            var position = ReadTwinPath(e, "Position");
            var velocity = ReadTwinPath(e, "Velocity");
            var window = e.Double("WindowMs", 20, 1, 10_000);
            e.RejectUnknownKeys();
            if (position is not null)
            {
                Claim(paths, errors, position, e.KeyPath("Position"));
            }

            if (velocity is not null)
            {
                Claim(paths, errors, velocity, e.KeyPath("Velocity"));
            }

            encoders.Add(new EncoderSettings(name, source ?? "", cpr, position ?? "", velocity ?? "", TimeSpan.FromMilliseconds(window)));
        }

        node.RejectUnknownKeys();
        return encoders;
    }

    private static List<ActuatorSettings> ReadActuators(ConfigNode? node, Dictionary<string, string> paths, List<ConfigError> errors)
    {
        var actuators = new List<ActuatorSettings>();
        if (node is null)
        {
            return actuators;
        }

        foreach (var (name, a) in node.Named())
        {
            var type = a.OneOf("Type", ["speed-reference", "digital"], required: true);
            var path = ReadTwinPath(a, "TwinPath");
            if (path is not null)
            {
                Claim(paths, errors, path, a.KeyPath("TwinPath"));
            }

            var kind = type == "digital" ? ActuatorKind.Digital : ActuatorKind.SpeedReference;
            var checkOutput = type is not null;
            var maxRpm = kind == ActuatorKind.SpeedReference ? a.Double("MaxRpm", 3000, 1, 100_000) : 1;
            var initial = a.Double("Initial", 0, 0, maxRpm);
            var safe = a.Double("Safe", 0, 0, maxRpm);
            var output = a.String("Output", required: true) ?? "";
            if (!checkOutput || output.Length == 0)
            {
                // Without a valid type there is no telling which kind of output is right.
            }
            else if (kind == ActuatorKind.SpeedReference && !PwmOutputPattern().IsMatch(output))
            {
                a.Error("Output", $"must name a PWM channel like 'pwmchip0/0', got '{output}'");
            }
            else if (kind == ActuatorKind.Digital && !GpioOutputPattern().IsMatch(output))
            {
                a.Error("Output", $"must name a GPIO line like 'gpiochip0/17' or 'gpiochip0/GPIO17', got '{output}'");
            }

            a.RejectUnknownKeys();
            actuators.Add(new ActuatorSettings(name, kind, path ?? "", maxRpm, initial, safe, output));
        }

        node.RejectUnknownKeys();
        return actuators;
    }

    private static string? ReadTwinPath(ConfigNode node, string key)
    {
        var path = node.String(key, required: true);
        if (path is not null && !TwinPathPattern().IsMatch(path))
        {
            node.Error(key, $"must be a twin path of '/'-separated segments of letters, digits, '_' or '-' (like 'axis1/motor/temperature'), got '{path}'");
        }

        return path;
    }

    private static void Claim(Dictionary<string, string> paths, List<ConfigError> errors, string path, string keyPath)
    {
        if (path.Length > 0 && !paths.TryAdd(path, keyPath))
        {
            errors.Add(new ConfigError(keyPath, $"twin path '{path}' is already used by {paths[path]}"));
        }
    }

    private static int IndexOf(DeviceType type, string channel)
    {
        for (var i = 0; i < type.Channels.Count; i++)
        {
            if (string.Equals(type.Channels[i].Name, channel, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^i2c-[0-9]{1,3}$")]
    private static partial Regex I2cBusPattern();

    [GeneratedRegex("^spi[0-9]{1,2}$")]
    private static partial Regex SpiBusPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,15}$")]
    private static partial Regex TwinPathPattern();

    [GeneratedRegex("^pwmchip[0-9]{1,3}/[0-9]{1,3}$")]
    private static partial Regex PwmOutputPattern();

    [GeneratedRegex("^gpiochip[0-9]{1,3}/[A-Za-z0-9_]{1,32}$")]
    private static partial Regex GpioOutputPattern();
}
