using System.Text.RegularExpressions;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Service.Configuration;

/// <summary>The <c>Devices</c> section: bus endpoints, options, channels and calibration of each sampled device.</summary>
public static partial class GatewayConfigReader
{
    private static List<DeviceSettings> ReadDevices(ConfigNode? node, List<ConfigError> errors)
    {
        var devices = new List<DeviceSettings>();
        if (node is null)
        {
            return devices;
        }

        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
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
                foreach (var key in EndpointKeys)
                {
                    d.Accept(key);
                }

                d.RejectUnknownKeys();
                continue;
            }

            var endpoint = ReadEndpoint(d, name, type, endpoints);
            var rate = d.Double("RateHz", type.DefaultRateHz, 0.01, type.MaxRateHz);
            var options = ReadOptions(d.Child("Options"), type);
            var pollRate = ReadFifoPolling(d, rate, options);
            var channels = ReadChannels(d.Child("Channels", required: true), type);
            var calibration = ReadCalibration(d.Child("Calibration"), type);
            d.RejectUnknownKeys();
            devices.Add(endpoint with
            {
                Name = name,
                RateHz = rate,
                Options = options,
                Channels = channels,
                Calibration = calibration,
                PollRateHz = pollRate,
            });
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

    [GeneratedRegex("^i2c-[0-9]{1,3}$")]
    private static partial Regex I2cBusPattern();

    [GeneratedRegex("^spi[0-9]{1,2}$")]
    private static partial Regex SpiBusPattern();
}
