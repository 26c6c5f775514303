namespace EdgeTwin.Service.Configuration;

/// <summary>
/// Reads the <c>Derived</c> section: named entries of Type <c>encoder</c>, <c>orientation</c>,
/// <c>vibration</c> or <c>temperature-trend</c>. Every source must be a device channel (derived states are not
/// chained), and every output path is claimed like a device channel's. Missing sources are only reported when
/// the sections before were valid: a device dropped for its own error must not cascade into one error per
/// derived state that uses it.
/// </summary>
internal static class DerivedSection
{
    private static readonly string[] Types = ["encoder", "orientation", "vibration", "temperature-trend"];

    public static (List<EncoderSettings> Encoders, DerivedSettings Derived) Read(
        ConfigNode? node, List<DeviceSettings> devices, Dictionary<string, string> paths, List<ConfigError> errors)
    {
        var encoders = new List<EncoderSettings>();
        var orientations = new List<OrientationSettings>();
        var vibrations = new List<VibrationSettings>();
        var trends = new List<TemperatureTrendSettings>();
        if (node is null)
        {
            return (encoders, DerivedSettings.None);
        }

        var report = errors.Count == 0;
        // First claim wins: a path configured twice is already reported, and must not throw here.
        var sources = new Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            foreach (var channel in device.Channels)
            {
                sources.TryAdd(channel.TwinPath, (device, channel));
            }
        }

        foreach (var (name, e) in node.Named())
        {
            switch (e.OneOf("Type", Types, required: true))
            {
                case "encoder":
                    encoders.Add(ReadEncoder(name, e, sources, paths, errors, report));
                    break;
                case "orientation":
                    orientations.Add(ReadOrientation(name, e, sources, paths, errors, report));
                    break;
                case "vibration":
                    vibrations.Add(ReadVibration(name, e, sources, paths, errors, report));
                    break;
                case "temperature-trend":
                    trends.Add(ReadTrend(name, e, sources, paths, errors, report));
                    break;
                default:
                    e.Accept("Source");
                    break;
            }

            e.RejectUnknownKeys();
        }

        node.RejectUnknownKeys();
        return (encoders, new DerivedSettings(orientations, vibrations, trends));
    }

    private static EncoderSettings ReadEncoder(string name, ConfigNode e, Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)> sources, Dictionary<string, string> paths, List<ConfigError> errors, bool report)
    {
        var source = e.String("Source", required: true);
        if (source is not null && sources.TryGetValue(source, out var channel) && channel.Channel.NativeUnit != "counts")
        {
            e.Error("Source", $"'{source}' is measured in {channel.Channel.NativeUnit}, an encoder source must be a counts channel");
        }
        else
        {
            CheckSource(e, "Source", source, sources, report);
        }

        var cpr = e.Double("CountsPerRevolution", 0, 1, 1e9, required: true);
        var position = Output(e, "Position", paths, errors);
        var velocity = Output(e, "Velocity", paths, errors);
        var window = e.Double("WindowMs", 20, 1, 10_000);
        var acceleration = e.Has("Acceleration") ? Output(e, "Acceleration", paths, errors) : null;
        var accelerationWindow = e.Double("AccelerationWindowMs", 100, 2, 60_000);
        return new EncoderSettings(name, source ?? "", cpr, position, velocity, TimeSpan.FromMilliseconds(window), acceleration, TimeSpan.FromMilliseconds(accelerationWindow));
    }

    private static OrientationSettings ReadOrientation(string name, ConfigNode e, Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)> sources, Dictionary<string, string> paths, List<ConfigError> errors, bool report)
    {
        var accel = e.String("Accelerometer", required: true) ?? "";
        var gyro = e.String("Gyroscope", required: true) ?? "";
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, prefix) in new[] { ("Accelerometer", accel), ("Gyroscope", gyro) })
        {
            var axes = OrientationSettings.Axes.Select(a => $"{prefix}/{a}").ToList();
            // One error per key: the first axis that is missing names the problem.
            var missing = axes.FirstOrDefault(p => !sources.ContainsKey(p));
            if (prefix.Length > 0 && (missing is null ? axes.All(p => CheckSource(e, key, p, sources, report)) : CheckSource(e, key, missing, sources, report)))
            {
                found.UnionWith(axes.Select(p => sources[p].Device.Name));
            }
        }

        if (found.Count > 1)
        {
            // One device's read gives all six axes one timestamp; axes from two devices never form a set.
            e.Error("Gyroscope", $"accelerometer and gyroscope axes must come from one device, got {string.Join(" and ", found.Order(StringComparer.Ordinal))}");
        }

        var beta = e.Double("Beta", 0.1, 0, 10);
        var quaternion = Output(e, "Quaternion", paths, errors, OrientationSettings.QuaternionComponents);
        var tilt = Output(e, "Tilt", paths, errors);
        var rate = e.Double("OutputRateHz", 50, 0.1, 1000);
        return new OrientationSettings(name, accel, gyro, beta, quaternion, tilt, rate);
    }

    private static VibrationSettings ReadVibration(string name, ConfigNode e, Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)> sources, Dictionary<string, string> paths, List<ConfigError> errors, bool report)
    {
        var source = e.String("Source", required: true);
        var windowMs = e.Double("WindowMs", 1000, 1, 600_000);
        if (CheckSource(e, "Source", source, sources, report))
        {
            var samples = windowMs / 1000 * sources[source!].Device.RateHz;
            if (samples < 2 || samples > 1 << 20)
            {
                e.Error("WindowMs", $"must hold between 2 and {1 << 20} samples at the source's {sources[source!].Device.RateHz} Hz, got {samples:0.#}");
            }
        }

        var rms = Output(e, "Rms", paths, errors);
        var peak = Output(e, "Peak", paths, errors);
        var crest = Output(e, "CrestFactor", paths, errors);
        var rate = e.Double("OutputRateHz", 10, 0.1, 1000);
        return new VibrationSettings(name, source ?? "", TimeSpan.FromMilliseconds(windowMs), rms, peak, crest, rate);
    }

    private static TemperatureTrendSettings ReadTrend(string name, ConfigNode e, Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)> sources, Dictionary<string, string> paths, List<ConfigError> errors, bool report)
    {
        var source = e.String("Source", required: true);
        CheckSource(e, "Source", source, sources, report);
        var window = e.Double("WindowSeconds", 60, 0.1, 86_400);
        if (source is not null && sources.TryGetValue(source, out var s) && window * s.Device.RateHz > 1 << 16)
        {
            e.Error("WindowSeconds", $"must hold at most {1 << 16} samples at the source's {s.Device.RateHz} Hz, got {window * s.Device.RateHz:0}");
        }

        var rate = Output(e, "Rate", paths, errors);
        var outputRate = e.Double("OutputRateHz", 0, 0, 1000);
        return new TemperatureTrendSettings(name, source ?? "", TimeSpan.FromSeconds(window), rate, outputRate);
    }

    private static bool CheckSource(ConfigNode e, string key, string? source, Dictionary<string, (DeviceSettings Device, ChannelSettings Channel)> sources, bool report)
    {
        if (source is null)
        {
            return false;
        }

        if (!sources.ContainsKey(source))
        {
            if (report)
            {
                e.Error(key, $"'{source}' is not the twin path of any device channel");
            }

            return false;
        }

        return true;
    }

    private static string Output(ConfigNode e, string key, Dictionary<string, string> paths, List<ConfigError> errors, string[]? children = null)
    {
        var path = GatewayConfigReader.ReadTwinPath(e, key) ?? "";
        foreach (var claimed in children is null ? [path] : children.Select(c => $"{path}/{c}"))
        {
            GatewayConfigReader.Claim(paths, errors, path.Length == 0 ? "" : claimed, e.KeyPath(key));
        }

        return path;
    }
}
