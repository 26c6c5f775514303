using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Services;

/// <summary>What a service call knows beyond its request: the server, the channel's endpoint URL and the session.</summary>
internal sealed class RequestContext
{
    public required ServerCore Server { get; init; }
    public required uint ChannelId { get; init; }
    public required RequestHeader Header { get; init; }
    public string? EndpointUrl { get; init; }
    public Session? Session { get; init; }

    public UserIdentity User => Session?.Identity ?? UserIdentity.Anonymous;

    public Session RequireSession => Session ?? throw new StatusException(StatusCodes.BadSessionIdInvalid);

    public ResponseHeader Response(StatusCode result = default) => new()
    {
        Timestamp = Server.Time.GetUtcNow().UtcDateTime,
        RequestHandle = Header.RequestHandle,
        ServiceResult = result,
    };

    /// <summary>Checks a request's operation count against its limit (Bad_NothingToDo / Bad_TooManyOperations).</summary>
    public static void CheckCount(Array? items, uint max)
    {
        if (items is null || items.Length == 0)
        {
            throw new StatusException(StatusCodes.BadNothingToDo);
        }

        if (max > 0 && items.Length > max)
        {
            throw new StatusException(StatusCodes.BadTooManyOperations, items.Length + " operations, limit " + max);
        }
    }
}
