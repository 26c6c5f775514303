using EdgeTwin.OpcUa.SecureChannel;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>
/// Discovery service set (OPC 10000-4 §5.4). Endpoint URLs use the host name the client used to reach us
/// (its GetEndpoints EndpointUrl, else its Hello), so a client behind NAT or using an IP gets URLs it can dial.
/// </summary>
internal static class DiscoveryService
{
    public const string TransportProfile = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary";
    public const string AnonymousPolicyId = "anonymous";
    public const string UserNamePolicyId = "username";

    public static GetEndpointsResponse GetEndpoints(RequestContext ctx, GetEndpointsRequest request)
    {
        var profiles = request.ProfileUris;
        var endpoints = profiles is { Length: > 0 } && !profiles.Contains(TransportProfile)
            ? []
            : Endpoints(ctx.Server, request.EndpointUrl ?? ctx.EndpointUrl);
        return new GetEndpointsResponse { ResponseHeader = ctx.Response(), Endpoints = endpoints };
    }

    public static FindServersResponse FindServers(RequestContext ctx, FindServersRequest request)
    {
        var me = Application(ctx.Server, EndpointUrl(ctx.Server, request.EndpointUrl ?? ctx.EndpointUrl));
        var matches = request.ServerUris is not { Length: > 0 } || request.ServerUris.Contains(me.ApplicationUri);
        return new FindServersResponse { ResponseHeader = ctx.Response(), Servers = matches ? [me] : [] };
    }

    public static EndpointDescription[] Endpoints(ServerCore server, string? clientUrl)
    {
        var url = EndpointUrl(server, clientUrl);
        var tokens = new List<UserTokenPolicy>();
        if (server.Options.AllowAnonymous)
        {
            tokens.Add(new UserTokenPolicy { PolicyId = AnonymousPolicyId, TokenType = UserTokenType.Anonymous });
        }

        if (server.Options.Users.Count > 0)
        {
            // With SecurityPolicy None the password travels in clear text; a signing policy plugs in here later.
            tokens.Add(new UserTokenPolicy { PolicyId = UserNamePolicyId, TokenType = UserTokenType.UserName, SecurityPolicyUri = SecurityPolicyNone.PolicyUri });
        }

        return
        [
            new EndpointDescription
            {
                EndpointUrl = url,
                Server = Application(server, url),
                SecurityMode = MessageSecurityMode.None,
                SecurityPolicyUri = SecurityPolicyNone.PolicyUri,
                UserIdentityTokens = [.. tokens],
                TransportProfileUri = TransportProfile,
                SecurityLevel = 0,
            },
        ];
    }

    /// <summary>opc.tcp://{the client's host}:{our port}; falls back to the configured host name.</summary>
    public static string EndpointUrl(ServerCore server, string? clientUrl)
    {
        var host = server.Options.HostName;
        if (clientUrl is not null && Uri.TryCreate(clientUrl, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost + "]" : uri.Host;
        }

        return "opc.tcp://" + host + ":" + server.Port;
    }

    private static ApplicationDescription Application(ServerCore server, string url) => new()
    {
        ApplicationUri = server.Options.ApplicationUri,
        ProductUri = server.Options.ProductUri,
        ApplicationName = new(server.Options.ApplicationName),
        ApplicationType = ApplicationType.Server,
        DiscoveryUrls = [url],
    };
}
