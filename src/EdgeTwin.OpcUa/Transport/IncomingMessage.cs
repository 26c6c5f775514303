using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Transport;

/// <summary>A whole request assembled from its chunks; <see cref="Body"/> is pooled and must be disposed.</summary>
internal sealed class IncomingMessage(uint messageType, uint channelId, uint tokenId, string? securityPolicyUri, uint requestId, PooledBuffer body) : IDisposable
{
    public uint MessageType { get; } = messageType;
    public uint ChannelId { get; } = channelId;

    /// <summary>The symmetric token id (MSG/CLO).</summary>
    public uint TokenId { get; } = tokenId;

    /// <summary>The asymmetric header's policy (OPN).</summary>
    public string? SecurityPolicyUri { get; } = securityPolicyUri;
    public uint RequestId { get; } = requestId;
    public PooledBuffer Body { get; } = body;

    public void Dispose() => Body.Dispose();
}
