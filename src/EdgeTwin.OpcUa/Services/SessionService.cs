using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>Session service set (OPC 10000-4 §5.6).</summary>
internal static class SessionService
{
    public static CreateSessionResponse CreateSession(RequestContext ctx, CreateSessionRequest request)
    {
        var server = ctx.Server;
        var session = server.Sessions.Create(request.SessionName, ctx.ChannelId, request.RequestedSessionTimeout, server.Time.GetUtcNow().UtcTicks);
        return new CreateSessionResponse
        {
            ResponseHeader = ctx.Response(),
            SessionId = session.SessionId,
            AuthenticationToken = session.AuthenticationToken,
            RevisedSessionTimeout = session.TimeoutMs,
            ServerNonce = session.ServerNonce,
            ServerCertificate = null,
            ServerEndpoints = DiscoveryService.Endpoints(server, request.EndpointUrl ?? ctx.EndpointUrl),
            ServerSoftwareCertificates = [],
            ServerSignature = new SignatureData(),
            MaxRequestMessageSize = (uint)server.Options.Transport.MaxMessageSize,
        };
    }

    public static ActivateSessionResponse ActivateSession(RequestContext ctx, ActivateSessionRequest request)
    {
        var session = ctx.RequireSession;
        var identity = Authenticate(ctx.Server.Options, request.UserIdentityToken);

        // §5.6.3: a session may move to another channel only for the same user.
        if (session.ChannelId != ctx.ChannelId)
        {
            if (!session.Activated || session.Identity.UserName != identity.UserName)
            {
                throw new StatusException(StatusCodes.BadIdentityChangeNotSupported, "session belongs to another channel");
            }

            session.ChannelId = ctx.ChannelId;
        }

        session.Identity = identity;
        session.Activated = true;
        session.ServerNonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return new ActivateSessionResponse { ResponseHeader = ctx.Response(), ServerNonce = session.ServerNonce, Results = [], DiagnosticInfos = [] };
    }

    public static CloseSessionResponse CloseSession(RequestContext ctx, CloseSessionRequest request)
    {
        var session = ctx.RequireSession;
        ctx.Server.Sessions.Remove(session);
        _ = request.DeleteSubscriptions;
        return new CloseSessionResponse { ResponseHeader = ctx.Response() };
    }

    public static CancelResponse Cancel(RequestContext ctx, CancelRequest request)
    {
        _ = request.RequestHandle;
        return new CancelResponse { ResponseHeader = ctx.Response(), CancelCount = 0 };
    }

    /// <summary>OPC 10000-4 §7.41: anonymous, or user name with a password checked against the configured hashes.</summary>
    private static UserIdentity Authenticate(OpcUaServerOptions options, ExtensionObject? token)
    {
        switch (token?.Body)
        {
            case null when token is null || token.TypeId.IsNull:
            case AnonymousIdentityToken:
                return options.AllowAnonymous ? UserIdentity.Anonymous : throw new StatusException(StatusCodes.BadIdentityTokenRejected, "anonymous access is disabled");
            case UserNameIdentityToken user:
                if (!string.IsNullOrEmpty(user.EncryptionAlgorithm))
                {
                    throw new StatusException(StatusCodes.BadIdentityTokenInvalid, "encrypted passwords need a signing security policy");
                }

                var account = options.Users.FirstOrDefault(u => string.Equals(u.UserName, user.UserName, StringComparison.Ordinal));
                if (account is null || user.Password is null || !account.Verify(user.Password))
                {
                    throw new StatusException(StatusCodes.BadUserAccessDenied, "wrong user name or password");
                }

                return new UserIdentity(account.UserName, account.Roles);
            default:
                throw new StatusException(StatusCodes.BadIdentityTokenInvalid, "unsupported identity token " + token!.TypeId);
        }
    }
}
