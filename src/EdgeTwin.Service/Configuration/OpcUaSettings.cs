namespace EdgeTwin.Service.Configuration;

/// <summary>The OPC UA server that serves the twin (docs/opcua.md).</summary>
/// <param name="Port">TCP port; 0 lets the system choose one (the gateway logs the endpoint).</param>
/// <param name="EndpointHost">Host name put in endpoint URLs when the client's URL gives none; null: the machine's name.</param>
/// <param name="Users">Users who may sign in with a password; each may write setpoints and call actuator methods.</param>
/// <param name="AllowAnonymousWrites">Lets anonymous sessions write setpoints and call methods too.</param>
/// <param name="MinTokenLifetime">The shortest secure-channel token lifetime granted to a client that asks for less.</param>
public sealed record OpcUaSettings(
    bool Enabled,
    int Port,
    string? EndpointHost,
    string NamespaceUri,
    IReadOnlyList<OpcUaUser> Users,
    bool AllowAnonymousWrites,
    TimeSpan MinTokenLifetime)
{
    public static OpcUaSettings Default { get; } = new(true, OpcUaSection.DefaultPort, null, "urn:edgetwin:gateway", [], false, TimeSpan.FromSeconds(10));
}

/// <param name="PasswordHash">"pbkdf2-sha256$iterations$salt$hash" as printed by <c>edgetwin hash-password</c>.</param>
public sealed record OpcUaUser(string Name, string PasswordHash);
