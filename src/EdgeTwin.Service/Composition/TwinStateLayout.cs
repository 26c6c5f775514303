using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// The channels issue 6 adds to <see cref="TwinLayout"/>, in their fixed order: encoder accelerations,
/// orientations, vibrations, temperature trends, then per device channel its sync quality, the frames' skew
/// and lateness, and the clock.
/// </summary>
public static class TwinStateLayout
{
    public const string SyncPrefix = "gateway/sync";
    public const string ClockPrefix = "gateway/clock";

    /// <summary>The three sync-quality channels of each device channel, in this order.</summary>
    public static readonly string[] SyncMetrics = ["latency_ms", "jitter_ms", "staleness_ms"];

    public static readonly string[] FrameMetrics = ["skew_ms", "late_frames"];

    public static readonly string[] ClockMetrics = ["steps", "slews", "offset_ms"];

    internal static void Append(GatewayConfig config, List<TwinChannel> channels)
    {
        foreach (var encoder in config.Encoders)
        {
            if (encoder.AccelerationPath is { } path)
            {
                var rate = TwinLayout.SourceDevice(config, encoder).RateHz;
                channels.Add(new TwinChannel(path, "rpm/s", encoder.Name, "acceleration", TwinLayout.StaleAge(rate), rate));
            }
        }

        var derived = config.Derived;
        foreach (var o in derived.Orientations)
        {
            var stale = TwinLayout.StaleAge(o.OutputRateHz);
            foreach (var (path, component) in o.QuaternionPaths.Zip(OrientationSettings.QuaternionComponents))
            {
                channels.Add(new TwinChannel(path, "1", o.Name, "q" + component, stale, o.OutputRateHz));
            }

            channels.Add(new TwinChannel(o.TiltPath, "deg", o.Name, "tilt", stale, o.OutputRateHz));
        }

        foreach (var v in derived.Vibrations)
        {
            var unit = SourceUnit(config, v.Source);
            var stale = TwinLayout.StaleAge(v.OutputRateHz);
            channels.Add(new TwinChannel(v.RmsPath, unit, v.Name, "rms", stale, v.OutputRateHz));
            channels.Add(new TwinChannel(v.PeakPath, unit, v.Name, "peak", stale, v.OutputRateHz));
            channels.Add(new TwinChannel(v.CrestFactorPath, "1", v.Name, "crest_factor", stale, v.OutputRateHz));
        }

        foreach (var t in derived.TemperatureTrends)
        {
            var rate = t.OutputRateHz > 0 ? t.OutputRateHz : SourceRate(config, t.Source);
            channels.Add(new TwinChannel(t.RatePath, "degC/min", t.Name, "rate", TwinLayout.StaleAge(rate), rate));
        }

        var syncRate = 1 / config.Twin.SyncInterval.TotalSeconds;
        var syncStale = TwinLayout.StaleAge(syncRate);
        foreach (var device in config.Devices)
        {
            foreach (var channel in device.Channels)
            {
                foreach (var metric in SyncMetrics)
                {
                    channels.Add(new TwinChannel(SyncPath(channel.TwinPath, metric), "ms", "gateway", metric, syncStale, syncRate, ChannelKind.Health));
                }
            }
        }

        channels.Add(new TwinChannel($"{SyncPrefix}/frames/skew_ms", "ms", "gateway", "skew_ms", syncStale, syncRate, ChannelKind.Health));
        channels.Add(new TwinChannel($"{SyncPrefix}/frames/late_frames", "1", "gateway", "late_frames", syncStale, syncRate, ChannelKind.Health));
        channels.Add(new TwinChannel($"{ClockPrefix}/steps", "1", "gateway", "steps", syncStale, syncRate, ChannelKind.Health));
        channels.Add(new TwinChannel($"{ClockPrefix}/slews", "1", "gateway", "slews", syncStale, syncRate, ChannelKind.Health));
        channels.Add(new TwinChannel($"{ClockPrefix}/offset_ms", "ms", "gateway", "offset_ms", syncStale, syncRate, ChannelKind.Health));
    }

    public static string SyncPath(string channelPath, string metric) => $"{SyncPrefix}/{channelPath}/{metric}";

    private static string SourceUnit(GatewayConfig config, string source) =>
        config.Devices.SelectMany(d => d.Channels).First(c => c.TwinPath == source).Unit;

    private static double SourceRate(GatewayConfig config, string source) =>
        config.Devices.First(d => d.Channels.Any(c => c.TwinPath == source)).RateHz;
}
