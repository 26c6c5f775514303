using System.Text.RegularExpressions;

namespace EdgeTwin.Service.Configuration;

/// <summary>Reads the <c>Uplink</c> section: the MQTT broker the store's samples are forwarded to.</summary>
internal static partial class UplinkSection
{
    public const string DefaultBroker = "mqtt://localhost:1883";

    public static UplinkSettings Read(ConfigNode? node, string gatewayName)
    {
        var clientIdDefault = "edgetwin-" + gatewayName;
        if (node is null)
        {
            return new UplinkSettings(true, "localhost", 1883, clientIdDefault, null, null, "edgetwin", TimeSpan.FromSeconds(30), 2000);
        }

        var enabled = node.Bool("Enabled", true);
        var broker = node.String("Broker") ?? DefaultBroker;
        var (host, port, secure) = ParseBroker(node, broker);
        var clientId = node.String("ClientId") ?? clientIdDefault;
        // MQTT 5.0 §3.1.3.1: servers must accept 1–23 characters; longer ones are commonly accepted too.
        if (clientId.Length > 128)
        {
            node.Error("ClientId", $"must be at most 128 characters, got {clientId.Length}");
        }

        var userName = node.String("Username");
        var password = node.String("Password");
        if (password is not null && userName is null)
        {
            node.Error("Password", "needs a Username");
        }

        var prefix = node.String("TopicPrefix") ?? "edgetwin";
        if (!TopicPrefixPattern().IsMatch(prefix))
        {
            node.Error("TopicPrefix", $"must be '/'-separated segments of letters, digits, '_', '-' or '.' (no wildcards), got '{prefix}'");
        }

        var keepAlive = node.Int("KeepAliveSeconds", 30, 1, 65_535);
        var replayRate = node.Double("ReplaySamplesPerSecond", 2000, 1, 10_000_000);
        var tlsNode = node.Child("Tls");
        var tls = UplinkTlsSection.Read(tlsNode);
        if (tlsNode is not null && !secure)
        {
            node.Error("Tls", $"is set but Broker '{broker}' is not mqtts://");
        }

        var format = node.OneOf("Format", ["json", "sparkplug"], fallback: "json") == "sparkplug" ? UplinkFormat.Sparkplug : UplinkFormat.Json;
        var sparkplug = SparkplugSection.Read(node.Child("Sparkplug", required: format == UplinkFormat.Sparkplug), gatewayName);
        if (sparkplug is not null && format != UplinkFormat.Sparkplug)
        {
            node.Error("Sparkplug", "is set but Format is not 'sparkplug'");
        }

        node.RejectUnknownKeys();
        // An mqtts:// broker without a Tls section is validated against the system trust store.
        tls ??= secure ? new UplinkTlsSettings(null, null, null) : null;
        return new UplinkSettings(enabled, host, port, clientId, userName, password, prefix, TimeSpan.FromSeconds(keepAlive), replayRate, tls, format, sparkplug);
    }

    private static (string Host, int Port, bool Secure) ParseBroker(ConfigNode node, string broker)
    {
        if (!Uri.TryCreate(broker, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            node.Error("Broker", $"must be mqtt://host[:port] or mqtts://host[:port], got '{broker}'");
            return ("localhost", 1883, false);
        }

        var secure = uri.Scheme == "mqtts";
        // IANA service names: 1883 for MQTT, 8883 for MQTT over TLS.
        var port = uri.IsDefaultPort || uri.Port < 0 ? (secure ? 8883 : 1883) : uri.Port;
        return (uri.Host, port, secure);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){0,7}$")]
    private static partial Regex TopicPrefixPattern();
}
