namespace EdgeTwin.OpcUa.Server;

/// <summary>Who a session acts for; handed to write handlers and method callbacks for authorization.</summary>
public sealed record UserIdentity(string? UserName, IReadOnlyCollection<string> Roles)
{
    public static readonly UserIdentity Anonymous = new(null, []);

    public bool IsAnonymous => UserName is null;

    public bool IsInRole(string role) => Roles.Contains(role);
}
