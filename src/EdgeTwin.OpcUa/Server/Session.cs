using System.Collections.Concurrent;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Services;

namespace EdgeTwin.OpcUa.Server;

/// <summary>A client session (OPC 10000-4 §5.6): identity, timeout, browse continuation points, subscriptions.</summary>
internal sealed class Session
{
    private long _lastActivityTicks;

    public Session(NodeId sessionId, NodeId authenticationToken, string? name, uint channelId, double timeoutMs, byte[] serverNonce, long nowTicks)
    {
        SessionId = sessionId;
        AuthenticationToken = authenticationToken;
        Name = name;
        ChannelId = channelId;
        TimeoutMs = timeoutMs;
        ServerNonce = serverNonce;
        _lastActivityTicks = nowTicks;
    }

    public NodeId SessionId { get; }
    public NodeId AuthenticationToken { get; }
    public string? Name { get; }
    public uint ChannelId { get; set; }
    public double TimeoutMs { get; }
    public byte[] ServerNonce { get; set; }
    public bool Activated { get; set; }
    public UserIdentity Identity { get; set; } = UserIdentity.Anonymous;

    public ConcurrentDictionary<string, BrowseContinuation> ContinuationPoints { get; } = new(StringComparer.Ordinal);

    public long LastActivityTicks => Volatile.Read(ref _lastActivityTicks);

    public void Touch(long nowTicks) => Volatile.Write(ref _lastActivityTicks, nowTicks);

    public bool IsExpired(long nowTicks) => nowTicks - LastActivityTicks > (long)(TimeoutMs * TimeSpan.TicksPerMillisecond);
}
