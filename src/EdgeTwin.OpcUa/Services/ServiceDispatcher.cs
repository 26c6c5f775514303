using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>
/// Routes a decoded request to its service (a type switch, no reflection) after the session checks of
/// OPC 10000-4 §7.33: a known authentication token, activated, and used on the channel it belongs to.
/// </summary>
internal static class ServiceDispatcher
{
    /// <summary>Returns the response, or null when the service answers later (Publish).</summary>
    public static IEncodeable? Dispatch(ServerCore server, IEncodeable request, RequestHeader header, uint channelId, string? endpointUrl, Func<RequestContext, PublishRequest, IEncodeable?>? publish)
    {
        var session = FindSession(server, request, header, channelId);
        var ctx = new RequestContext { Server = server, ChannelId = channelId, Header = header, EndpointUrl = endpointUrl, Session = session };
        return request switch
        {
            GetEndpointsRequest r => DiscoveryService.GetEndpoints(ctx, r),
            FindServersRequest r => DiscoveryService.FindServers(ctx, r),
            CreateSessionRequest r => SessionService.CreateSession(ctx, r),
            ActivateSessionRequest r => SessionService.ActivateSession(ctx, r),
            CloseSessionRequest r => SessionService.CloseSession(ctx, r),
            CancelRequest r => SessionService.Cancel(ctx, r),
            BrowseRequest r => ViewService.Browse(ctx, r),
            BrowseNextRequest r => ViewService.BrowseNext(ctx, r),
            TranslateBrowsePathsToNodeIdsRequest r => ViewService.Translate(ctx, r),
            RegisterNodesRequest r => ViewService.RegisterNodes(ctx, r),
            UnregisterNodesRequest r => ViewService.UnregisterNodes(ctx, r),
            ReadRequest r => AttributeService.Read(ctx, r),
            WriteRequest r => AttributeService.Write(ctx, r),
            CallRequest r => MethodService.Call(ctx, r),
            PublishRequest r when publish is not null => publish(ctx, r),
            _ => server.Subscriptions?.Dispatch(ctx, request) ?? throw new StatusException(StatusCodes.BadServiceUnsupported),
        };
    }

    public static ServiceFault Fault(ServerCore server, RequestHeader? header, StatusCode status) => new()
    {
        ResponseHeader = new ResponseHeader
        {
            Timestamp = server.Time.GetUtcNow().UtcDateTime,
            RequestHandle = header?.RequestHandle ?? 0,
            ServiceResult = status,
        },
    };

    private static Session? FindSession(ServerCore server, IEncodeable request, RequestHeader header, uint channelId)
    {
        if (request is GetEndpointsRequest or FindServersRequest or CreateSessionRequest)
        {
            return null;
        }

        var session = server.Sessions.Find(header.AuthenticationToken) ?? throw new StatusException(StatusCodes.BadSessionIdInvalid);
        if (request is ActivateSessionRequest)
        {
            return session;
        }

        if (!session.Activated)
        {
            // §5.6.3: anything but ActivateSession/CloseSession before activation closes the session.
            if (request is not CloseSessionRequest)
            {
                server.Sessions.Remove(session);
                throw new StatusException(StatusCodes.BadSessionNotActivated);
            }
        }
        else if (session.ChannelId != channelId)
        {
            throw new StatusException(StatusCodes.BadSecureChannelIdInvalid, "session is bound to another channel");
        }

        session.Touch(server.Time.GetUtcNow().UtcTicks);
        return session;
    }
}
