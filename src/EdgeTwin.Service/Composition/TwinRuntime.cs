using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Derived;
using EdgeTwin.Sync.History;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// The twin beyond its latest values: derived states, aligned frames, recent history and state at any past
/// time. Built with the gateway, all of it wired as consumers of the sample pipeline before acquisition starts.
/// </summary>
public sealed class TwinRuntime
{
    /// <summary>A held channel that is event-driven (a setpoint) is never stale in a frame; the aligner needs a finite age.</summary>
    private static readonly TimeSpan LongestMaxAge = TimeSpan.FromDays(1);

    private TwinRuntime(Aligner aligner, IReadOnlyList<int> alignedChannels, DerivedStates derived, RecentHistory recent, TwinHistory history)
    {
        Aligner = aligner;
        AlignedChannels = alignedChannels;
        Derived = derived;
        Recent = recent;
        History = history;
    }

    /// <summary>Frames at Twin:FrameRateHz of every channel except the gateway's own health channels.</summary>
    public Aligner Aligner { get; }

    /// <summary>The twin channel id of each aligned-frame index.</summary>
    public IReadOnlyList<int> AlignedChannels { get; }

    public DerivedStates Derived { get; }

    public RecentHistory Recent { get; }

    public TwinHistory History { get; }

    internal static TwinRuntime Build(GatewayConfig config, IReadOnlyList<TwinChannel> layout, ChannelMap channels, IClock clock, SamplePipeline pipeline)
    {
        var twin = config.Twin;
        var aligner = CreateAligner(config, layout, clock);
        var alignedIds = aligner.Channels.Select(c => c.Channel).ToList();

        var historyChannels = layout.Select(c => new HistoryChannel(
            c.Kind == ChannelKind.Continuous ? Interpolation.Linear : Interpolation.Hold,
            c.RateHz > 0 ? c.RateHz : 1,
            c.StaleAfterNs)).ToList();
        var recent = new RecentHistory(historyChannels, twin.HistoryRetention);
        var history = new TwinHistory(historyChannels, recent);

        var derived = new DerivedStates(channels.Count, Derivations(config, channels));
        derived.AttachTarget(pipeline);
        pipeline.AddConsumer(recent);
        pipeline.AddConsumer(aligner);
        pipeline.AddConsumer(derived);
        return new TwinRuntime(aligner, alignedIds, derived, recent, history);
    }

    /// <summary>
    /// The twin's aligner over a layout: every channel but the gateway's own health, continuous ones linear,
    /// discrete ones held. The one definition of a frame: the gateway runs it, scoring reads it, and <c>train</c>
    /// replays stored samples through another built here, so a model sees the same features in training as in service.
    /// </summary>
    internal static Aligner CreateAligner(GatewayConfig config, IReadOnlyList<TwinChannel> layout, IClock clock)
    {
        var aligned = new List<AlignedChannel>();
        for (var id = 0; id < layout.Count; id++)
        {
            var c = layout[id];
            if (c.Kind == ChannelKind.Health)
            {
                continue;
            }

            var maxAge = c.StaleAfterNs >= LongestMaxAge.Ticks * 100 ? LongestMaxAge : TimeSpan.FromTicks(c.StaleAfterNs / 100);
            aligned.Add(new AlignedChannel(id, c.Kind == ChannelKind.Discrete ? Interpolation.Hold : Interpolation.Linear, c.RateHz > 0 ? c.RateHz : 1, maxAge, EventDriven: c.RateHz == 0));
        }

        return new Aligner(aligned, clock, new AlignerOptions
        {
            FrameRateHz = config.Twin.FrameRateHz,
            LatencyBudget = config.Twin.LatencyBudget,
            // One poll per frame: frames still go out on time, at a quarter of the wake-ups of the default.
            PollInterval = TimeSpan.FromSeconds(1 / config.Twin.FrameRateHz),
        });
    }

    /// <summary>The history reconstruction rules of a layout, for a reader without a running gateway (the state command).</summary>
    public static IReadOnlyList<HistoryChannel> HistoryChannels(IReadOnlyList<TwinChannel> layout) =>
        [.. layout.Select(c => new HistoryChannel(c.Kind == ChannelKind.Continuous ? Interpolation.Linear : Interpolation.Hold, c.RateHz > 0 ? c.RateHz : 1, c.StaleAfterNs))];

    private static IEnumerable<IDerivation> Derivations(GatewayConfig config, ChannelMap channels)
    {
        int Id(string path) => channels.TryGetId(path, out var id) ? id : throw new InvalidOperationException($"twin path '{path}' is not in the layout");
        double Rate(string source) => config.Devices.First(d => d.Channels.Any(c => c.TwinPath == source)).RateHz;

        foreach (var o in config.Derived.Orientations)
        {
            yield return new OrientationDerivation(
                [.. o.AccelerometerPaths.Select(Id)], [.. o.GyroscopePaths.Select(Id)], [.. o.QuaternionPaths.Select(Id), Id(o.TiltPath)], o.Beta, o.OutputRateHz);
        }

        foreach (var v in config.Derived.Vibrations)
        {
            var samples = (int)Math.Round(v.Window.TotalSeconds * Rate(v.Source));
            yield return new VibrationDerivation(Id(v.Source), samples, Id(v.RmsPath), Id(v.PeakPath), Id(v.CrestFactorPath), v.OutputRateHz);
        }

        foreach (var t in config.Derived.TemperatureTrends)
        {
            yield return new TemperatureTrendDerivation(Id(t.Source), t.Window, Rate(t.Source), Id(t.RatePath), t.OutputRateHz);
        }
    }
}
