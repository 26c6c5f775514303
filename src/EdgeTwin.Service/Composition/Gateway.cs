using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// Everything one configuration builds: the plant (when simulated), the twin, the per-bus samplers, the
/// sample pipeline and the actuators. The hosted services start and stop its parts.
/// </summary>
public sealed class Gateway(
    GatewayConfig config,
    IClock clock,
    ChannelMap channels,
    TwinState twin,
    SamplePipeline pipeline,
    IReadOnlyList<BusSampler> samplers,
    IReadOnlyList<SampledDevice> devices,
    IReadOnlyDictionary<string, ActuatorBinding> actuators,
    SimulatedPlant? plant)
{
    public GatewayConfig Config { get; } = config;

    public IClock Clock { get; } = clock;

    public ChannelMap Channels { get; } = channels;

    public TwinState Twin { get; } = twin;

    public SamplePipeline Pipeline { get; } = pipeline;

    public IReadOnlyList<BusSampler> Samplers { get; } = samplers;

    public IReadOnlyList<SampledDevice> Devices { get; } = devices;

    public IReadOnlyDictionary<string, ActuatorBinding> Actuators { get; } = actuators;

    /// <summary>The simulated machine, or null when running on real hardware.</summary>
    public SimulatedPlant? Plant { get; } = plant;

    /// <summary>Derived states, aligned frames, recent history and state at any past time (docs/twin.md).</summary>
    public required TwinRuntime TwinRuntime { get; init; }

    /// <summary>Aligned frames at Twin:FrameRateHz: attach an <see cref="Sync.Alignment.IFrameConsumer"/> here (before or after start).</summary>
    public Sync.Alignment.Aligner Aligner => TwinRuntime.Aligner;
}
