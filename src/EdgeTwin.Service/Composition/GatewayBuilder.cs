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
            var acceleration = e.AccelerationPath is { } a && channels.TryGetId(a, out var id) ? id : -1;
            return new EncoderKinematics(source, e.CountsPerRevolution, position, velocity, e.Window, SourceDevice(config, e).RateHz, acceleration, e.AccelerationWindow);
        }).ToList();
        var pipeline = new SamplePipeline(twin, kinematics);
        var twinRuntime = TwinRuntime.Build(config, layout, channels, clock, pipeline);

        SimulatedPlant? plant = null;
        if (config.Simulation.Enabled)
        {
            plant = new SimulatedPlant(clock, config.Simulation.Plant, config.Simulation.Faults, config.Simulation.Seed);
        }

        var devices = new List<SampledDevice>();
        foreach (var device in config.Devices)
        {
            devices.Add(BuildDevice(device, channels, plant, clock));
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

        return new Gateway(config, clock, channels, twin, pipeline, samplers, devices, actuators, plant) { TwinRuntime = twinRuntime };
    }

    /// <summary>The twin paths in channel-id order, exactly as <see cref="Build"/> numbers them (the store's channel list).</summary>
    public static IReadOnlyList<string> TwinPaths(GatewayConfig config) => TwinLayout.Paths(config);

    private static SampledDevice BuildDevice(DeviceSettings device, ChannelMap channels, SimulatedPlant? plant, IClock clock)
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

        var driver = plant is not null ? SimulatedBuses.Open(device, plant, clock) : HardwareBuses.Open(device, clock);

        var calibration = device.Calibration is { } c ? new Calibration(c.ChannelIndices, c.Bias, c.Scale) : null;
        return new SampledDevice(device.Name, driver, device.RateHz, ids, conversions, ranges, calibration) { PollRateHz = device.PollRateHz };
    }

    private static IActuator BuildActuator(ActuatorSettings settings, SimulatedPlant? plant) => ActuatorOutputs.Open(settings, plant);

    private static DeviceSettings SourceDevice(GatewayConfig config, EncoderSettings encoder) => TwinLayout.SourceDevice(config, encoder);
}
