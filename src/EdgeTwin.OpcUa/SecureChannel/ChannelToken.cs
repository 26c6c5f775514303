namespace EdgeTwin.OpcUa.SecureChannel;

/// <summary>A security token of a channel (OPC 10000-4 §5.5.2.2 ChannelSecurityToken).</summary>
internal sealed record ChannelToken(uint TokenId, DateTime CreatedAt, uint RevisedLifetimeMs)
{
    /// <summary>OPC 10000-4 §5.5.2.1: a server keeps a token usable for 25% beyond its lifetime.</summary>
    public DateTime ExpiresAt => CreatedAt.AddMilliseconds(RevisedLifetimeMs * 1.25);
}
