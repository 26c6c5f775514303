using EdgeTwin.Drivers.Actuators;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Twin;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Composition;

/// <summary>Turns a validated configuration into a <see cref="Gateway"/>.</summary>
public static class GatewayBuilder
{
    public static Gateway Build(GatewayConfig config, IClock clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);

        var layout = TwinLayout.Channels(config);
        var channels = new ChannelMap();
        foreach (var channel in layout)
        {
            channels.Add(channel.TwinPath, channel.Unit, channel.Owner, channel.Name);
        }

        var twin = new TwinState(channels, clock, id => layout[id].StaleAfterNs);

        var kinematics = config.Encoders.Select(e =>
        {
            channels.TryGetId(e.Source, out var source);
            channels.TryGetId(e.PositionPath, out var position);
            channels.TryGetId(e.VelocityPath, out var velocity);
            return new EncoderKinematics(source, e.CountsPerRevolution, position, velocity, e.Window, SourceDevice(config, e).RateHz);
        }).ToList();
        var pipeline = new SamplePipeline(twin, kinematics);

        SimulatedPlant? plant = null;
        if (config.Simulation.Enabled)
        {
            plant = new SimulatedPlant(clock, config.Simulation.Plant, config.Simulation.Faults, config.Simulation.Seed);
        }

        var devices = new List<SampledDevice>();
        foreach (var device in config.Devices)
        {
            devices.Add(BuildDevice(device, channels, plant));
        }

        var samplers = config.Devices.Zip(devices)
            .GroupBy(x => x.First.Bus, StringComparer.Ordinal)
            .Select(g => new BusSampler(g.Key, clock, g.Select(x => x.Second).ToList(), pipeline, loggers.CreateLogger($"EdgeTwin.Bus.{g.Key}")))
            .ToList();

        var actuators = new Dictionary<string, ActuatorBinding>(StringComparer.Ordinal);
        foreach (var a in config.Actuators)
        {
            channels.TryGetId(a.TwinPath, out var channel);
            actuators[a.Name] = new ActuatorBinding(a.Name, BuildActuator(a, plant), channel, a.SafeValue, clock, pipeline);
        }

        return new Gateway(config, clock, channels, twin, pipeline, samplers, devices, actuators, plant);
    }

    /// <summary>The twin paths in channel-id order, exactly as <see cref="Build"/> numbers them (the store's channel list).</summary>
    public static IReadOnlyList<string> TwinPaths(GatewayConfig config) => TwinLayout.Paths(config);

    private static SampledDevice BuildDevice(DeviceSettings device, ChannelMap channels, SimulatedPlant? plant)
    {
        var type = device.Type;
        var count = type.Channels.Count;
        var ids = Enumerable.Repeat(-1, count).ToArray();
        var conversions = Enumerable.Repeat(UnitConversion.Identity, count).ToArray();
        var ranges = Enumerable.Repeat(ValueRange.Unbounded, count).ToArray();
        foreach (var channel in device.Channels)
        {
            channels.TryGetId(channel.TwinPath, out ids[channel.Index]);
            UnitConversion.TryGet(channel.NativeUnit, channel.Unit, out conversions[channel.Index]);
            ranges[channel.Index] = new ValueRange(channel.Min, channel.Max);
        }

        ISampledDevice driver;
        if (plant is not null)
        {
            type.AttachSimulator(plant, device.Bus, device.Address, device.Options);
            driver = type.Bus == BusKind.I2c
                ? type.Create(plant.OpenI2c(device.Bus, device.Address), device.Options)
                : type.Create(plant.OpenSpi(device.Bus, device.Address), device.Options);
        }
        else
        {
            driver = HardwareBuses.Open(device);
        }

        var calibration = device.Calibration is { } c ? new Calibration(c.ChannelIndices, c.Bias, c.Scale) : null;
        return new SampledDevice(device.Name, driver, device.RateHz, ids, conversions, ranges, calibration);
    }

    private static IActuator BuildActuator(ActuatorSettings settings, SimulatedPlant? plant) => settings.Kind switch
    {
        ActuatorKind.SpeedReference => new SpeedReferenceActuator(
            plant is not null ? plant.SpeedReference : HardwareBuses.OpenPwm(settings.Output), settings.MaxRpm),
        _ => new DigitalActuator(plant is not null ? plant.Brake : HardwareBuses.OpenGpioOutput(settings.Output)),
    };

    private static DeviceSettings SourceDevice(GatewayConfig config, EncoderSettings encoder) => TwinLayout.SourceDevice(config, encoder);
}
