using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>One channel of the twin as the configuration lays it out, before any driver is opened.</summary>
/// <param name="StaleAfterNs">Age after which the twin reports the value stale; <see cref="long.MaxValue"/> never.</param>
/// <param name="RateHz">Nominal sample rate (sizes history rings; 0 = event-driven).</param>
/// <param name="Kind">Continuous (interpolated), discrete (held) or the gateway's own health (not aligned).</param>
public sealed record TwinChannel(string TwinPath, string Unit, string Owner, string Name, long StaleAfterNs, double RateHz = 0, ChannelKind Kind = ChannelKind.Continuous);

/// <summary>
/// The twin's channels in id order, derived from configuration alone. It is the single source of channel
/// numbering: the running gateway, the store's channel list and offline tools (export, state) all use it,
/// so they can never disagree. Each subsystem that publishes into the twin contributes its channels here,
/// in a fixed order, appended after the existing ones.
/// </summary>
public static class TwinLayout
{
    /// <summary>A value older than this many sampling periods is reported stale.</summary>
    private const int StalePeriods = 5;
    private const long MinimumStaleNs = 50_000_000;

    public static IReadOnlyList<TwinChannel> Channels(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var channels = new List<TwinChannel>();
        foreach (var device in config.Devices)
        {
            foreach (var channel in device.Channels)
            {
                channels.Add(new TwinChannel(channel.TwinPath, channel.Unit, device.Name, channel.Name, StaleAge(device.ReadRateHz), device.RateHz,
                    channel.NativeUnit == "counts" ? ChannelKind.Discrete : ChannelKind.Continuous));
            }
        }

        foreach (var encoder in config.Encoders)
        {
            var rate = SourceDevice(config, encoder).RateHz;
            var staleAfter = StaleAge(rate);
            channels.Add(new TwinChannel(encoder.PositionPath, "rev", encoder.Name, "position", staleAfter, rate));
            channels.Add(new TwinChannel(encoder.VelocityPath, "rpm", encoder.Name, "velocity", staleAfter, rate));
        }

        foreach (var actuator in config.Actuators)
        {
            var unit = GatewayConfigReader.ActuatorUnit(actuator.Kind);
            channels.Add(new TwinChannel(actuator.TwinPath, unit, actuator.Name, "setpoint", long.MaxValue, 0, ChannelKind.Discrete));
        }

        // Derived states (acceleration, orientation, vibration, trend), then gateway/sync/… and gateway/clock/… (docs/twin.md).
        TwinStateLayout.Append(config, channels);

        // Scores, alert flags, health and time-to-limit (docs/scoring.md).
        Scoring.ScoringLayout.Append(config, channels);

        // gateway/uplink/… status, when the uplink is enabled (docs/uplink.md).
        Uplink.UplinkLayout.Append(config, channels);

        return channels;
    }

    /// <summary>The twin paths in channel-id order (the store's channel list).</summary>
    public static IReadOnlyList<string> Paths(GatewayConfig config) => [.. Channels(config).Select(c => c.TwinPath)];

    public static long StaleAge(double rateHz) => Math.Max(MinimumStaleNs, (long)(StalePeriods * 1e9 / rateHz));

    internal static DeviceSettings SourceDevice(GatewayConfig config, EncoderSettings encoder) =>
        config.Devices.First(d => d.Channels.Any(c => c.TwinPath == encoder.Source));
}
