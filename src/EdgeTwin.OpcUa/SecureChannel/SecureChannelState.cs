using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.SecureChannel;

/// <summary>
/// The server side of one secure channel (OPC 10000-4 §5.5, OPC 10000-6 §6.7): Issue creates it, Renew
/// adds a new token while the previous one stays valid until the client uses the new one or it expires.
/// </summary>
internal sealed class SecureChannelState
{
    private readonly TimeProvider _time;
    private uint _nextTokenId;

    public SecureChannelState(uint channelId, ISecurityPolicy policy, TimeProvider time)
    {
        ChannelId = channelId;
        Policy = policy;
        _time = time;
    }

    public uint ChannelId { get; }
    public ISecurityPolicy Policy { get; }
    public ChannelToken? Current { get; private set; }
    public ChannelToken? Previous { get; private set; }
    public int Renewals { get; private set; }

    /// <summary>Issues (first call) or renews the token; the lifetime is clamped to the server's bounds.</summary>
    public ChannelToken IssueToken(uint requestedLifetimeMs, uint minLifetimeMs, uint maxLifetimeMs)
    {
        var lifetime = Math.Clamp(requestedLifetimeMs == 0 ? maxLifetimeMs : requestedLifetimeMs, minLifetimeMs, maxLifetimeMs);
        var token = new ChannelToken(++_nextTokenId, _time.GetUtcNow().UtcDateTime, lifetime);
        if (Current is not null)
        {
            Previous = Current;
            Renewals++;
        }

        Current = token;
        return token;
    }

    /// <summary>Checks the token id of a MSG/CLO chunk; using the new token retires the previous one.</summary>
    public void AcceptToken(uint tokenId)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (Current is not null && tokenId == Current.TokenId)
        {
            if (now > Current.ExpiresAt)
            {
                throw new StatusException(StatusCodes.BadSecureChannelTokenUnknown, "token " + tokenId + " expired");
            }

            Previous = null;
            return;
        }

        if (Previous is not null && tokenId == Previous.TokenId && now <= Previous.ExpiresAt)
        {
            return;
        }

        throw new StatusException(StatusCodes.BadSecureChannelTokenUnknown, "token " + tokenId);
    }

    /// <summary>True when no token is valid any more: the client neither renewed nor closed (§5.5.2.1).</summary>
    public bool IsExpired(DateTime now) => Current is not null && now > Current.ExpiresAt;
}
