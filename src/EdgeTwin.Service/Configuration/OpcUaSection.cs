using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeTwin.Service.Configuration;

/// <summary>Reads the <c>OpcUa</c> section: the OPC UA server that serves the twin to SCADA (docs/opcua.md).</summary>
internal static partial class OpcUaSection
{
    public const int DefaultPort = 4840;
    public const string HashScheme = "pbkdf2-sha256";
    public const int MinIterations = 10_000;
    public const int MaxIterations = 10_000_000;
    public const int MaxUsers = 100;

    public static OpcUaSettings Read(ConfigNode? node, string gatewayName)
    {
        var namespaceDefault = "urn:edgetwin:" + gatewayName;
        if (node is null)
        {
            return new OpcUaSettings(true, DefaultPort, null, namespaceDefault, [], false, TimeSpan.FromSeconds(10));
        }

        var enabled = node.Bool("Enabled", true);
        // Port 0 lets the system pick a free port; the gateway logs the endpoint it got.
        var port = node.Int("Port", DefaultPort, 0, 65_535);
        var host = node.String("EndpointHost");
        if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            node.Error("EndpointHost", $"must be a host name or IP address, got '{host}'");
        }

        var namespaceUri = node.String("NamespaceUri") ?? namespaceDefault;
        if (namespaceUri.Length > 512 || !Uri.TryCreate(namespaceUri, UriKind.Absolute, out _))
        {
            node.Error("NamespaceUri", $"must be an absolute URI of at most 512 characters (e.g. urn:edgetwin:line1), got '{namespaceUri}'");
        }

        var users = ReadUsers(node.Child("Users"));
        var anonymousWrites = node.Bool("AllowAnonymousWrites", false);
        var tokenSeconds = node.Double("MinTokenLifetimeSeconds", 10, 1, 3600);
        node.RejectUnknownKeys();
        return new OpcUaSettings(enabled, port, host, namespaceUri, users, anonymousWrites, TimeSpan.FromSeconds(tokenSeconds));
    }

    private static List<OpcUaUser> ReadUsers(ConfigNode? node)
    {
        var users = new List<OpcUaUser>();
        if (node is null)
        {
            return users;
        }

        foreach (var (name, _) in node.Named())
        {
            if (users.Count == MaxUsers)
            {
                node.Error(name, $"at most {MaxUsers} users may be configured");
                break;
            }

            if (!UserNamePattern().IsMatch(name))
            {
                node.Error(name, $"user names must be 1–64 letters, digits, '.', '-', '_' or '@', got '{name}'");
                continue;
            }

            var hash = node.String(name, required: true);
            if (hash is null)
            {
                continue;
            }

            if (CheckHash(hash) is { } problem)
            {
                node.Error(name, problem + " (create one with: edgetwin hash-password)");
                continue;
            }

            users.Add(new OpcUaUser(name, hash));
        }

        return users;
    }

    /// <summary>Why <paramref name="hash"/> is not a "pbkdf2-sha256$iterations$salt$hash" string, or null when it is.</summary>
    public static string? CheckHash(string hash)
    {
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != HashScheme)
        {
            return $"must be a password hash '{HashScheme}$<iterations>$<salt base64>$<hash base64>', not a plain password";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < MinIterations or > MaxIterations)
        {
            return $"iterations must be {MinIterations}–{MaxIterations}, got '{parts[1]}'";
        }

        if (!IsBase64OfLength(parts[2], 8, 64))
        {
            return "the salt must be 8–64 bytes in base64";
        }

        // UserAccount compares a 32-byte PBKDF2-SHA256 output.
        if (!IsBase64OfLength(parts[3], 32, 32))
        {
            return "the hash must be 32 bytes in base64";
        }

        return null;
    }

    private static bool IsBase64OfLength(string text, int min, int max)
    {
        if (text.Length > 128)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[96];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= min && written <= max;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
