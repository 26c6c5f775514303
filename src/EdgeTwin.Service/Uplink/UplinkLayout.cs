using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Uplink;

/// <summary>
/// The uplink's status channels in the twin (<c>gateway/uplink/…</c>), present only when the uplink is enabled.
/// Published at 1 Hz through the gateway's sample pipeline, so the twin, the store and OPC UA all see them.
/// </summary>
public static class UplinkLayout
{
    public const string Prefix = "gateway/uplink";
    public const double RateHz = 1;

    /// <summary>Channel names in publishing order; <see cref="UplinkStatusSource"/> writes the values in this order.</summary>
    internal static readonly (string Name, string Unit)[] Metrics =
    [
        ("connected", "bool"),
        ("backlog_samples", "1"),
        ("backlog_bytes", "B"),
        ("oldest_unsent_seconds", "s"),
        ("evicted_samples", "1"),
        ("publish_rate", "1/s"),
    ];

    public static void Append(GatewayConfig config, List<TwinChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(channels);
        if (!config.Uplink.Enabled)
        {
            return;
        }

        var stale = TwinLayout.StaleAge(RateHz);
        foreach (var (name, unit) in Metrics)
        {
            channels.Add(new TwinChannel($"{Prefix}/{name}", unit, "uplink", name, stale, RateHz, ChannelKind.Health));
        }
    }
}
