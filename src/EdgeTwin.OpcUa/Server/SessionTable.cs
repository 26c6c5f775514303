using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Server;

/// <summary>All sessions of the server, looked up by authentication token, with the per-server and per-channel limits.</summary>
internal sealed class SessionTable
{
    private readonly ConcurrentDictionary<NodeId, Session> _byToken = new();
    private readonly OpcUaServerOptions _options;
    private readonly Lock _gate = new();

    public SessionTable(OpcUaServerOptions options)
    {
        _options = options;
    }

    public int Count => _byToken.Count;

    public event Action<Session>? Closed;

    public Session Create(string? name, uint channelId, double requestedTimeoutMs, long nowTicks)
    {
        lock (_gate)
        {
            if (_byToken.Count >= _options.MaxSessions)
            {
                throw new StatusException(StatusCodes.BadTooManySessions, "server limit " + _options.MaxSessions);
            }

            if (_byToken.Values.Count(s => s.ChannelId == channelId) >= _options.MaxSessionsPerChannel)
            {
                throw new StatusException(StatusCodes.BadTooManySessions, "channel limit " + _options.MaxSessionsPerChannel);
            }

            var timeout = double.IsNaN(requestedTimeoutMs) ? _options.MaxSessionTimeoutMs : Math.Clamp(requestedTimeoutMs, _options.MinSessionTimeoutMs, _options.MaxSessionTimeoutMs);
            var session = new Session(
                new NodeId(Guid.NewGuid(), 1),
                new NodeId(RandomNumberGenerator.GetBytes(32), 0),
                name,
                channelId,
                timeout,
                RandomNumberGenerator.GetBytes(32),
                nowTicks);
            _byToken[session.AuthenticationToken] = session;
            return session;
        }
    }

    public Session? Find(NodeId authenticationToken) => _byToken.TryGetValue(authenticationToken, out var s) ? s : null;

    public IEnumerable<Session> All => _byToken.Values;

    public void Remove(Session session)
    {
        if (_byToken.TryRemove(session.AuthenticationToken, out _))
        {
            Closed?.Invoke(session);
        }
    }

    /// <summary>Closes sessions whose client stopped talking for longer than their timeout (§5.6.2).</summary>
    public int RemoveExpired(long nowTicks)
    {
        var removed = 0;
        foreach (var s in _byToken.Values)
        {
            if (s.IsExpired(nowTicks))
            {
                Remove(s);
                removed++;
            }
        }

        return removed;
    }
}
