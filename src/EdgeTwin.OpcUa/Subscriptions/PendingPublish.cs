using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>A Publish request waiting for a notification or keep-alive (OPC 10000-4 §5.13.5).</summary>
internal sealed record PendingPublish(ServerConnection Connection, uint RequestId, RequestHeader Header, StatusCode[] AckResults, DateTime ReceivedAt);

/// <summary>
/// A response to send once the engine lock is released; <paramref name="Body"/>, when set, is a reference on the
/// encoded notification the response carries, released once it is sent.
/// </summary>
internal readonly record struct OutgoingResponse(ServerConnection Connection, uint RequestId, IEncodeable Response, EncodedDataChange? Body = null);
