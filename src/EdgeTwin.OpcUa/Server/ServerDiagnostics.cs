namespace EdgeTwin.OpcUa.Server;

/// <summary>Counters an operator reads to see how the server is doing; updated with Interlocked, read any time.</summary>
public sealed class ServerDiagnostics
{
    private long _connections;
    private long _rejectedConnections;
    private long _requests;
    private long _serviceFaults;
    private long _protocolErrors;
    private long _channelRenewals;

    public long Connections => Interlocked.Read(ref _connections);
    public long RejectedConnections => Interlocked.Read(ref _rejectedConnections);
    public long Requests => Interlocked.Read(ref _requests);
    public long ServiceFaults => Interlocked.Read(ref _serviceFaults);

    /// <summary>Connections closed with an ERR message because of bad input or limits.</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);
    public long ChannelRenewals => Interlocked.Read(ref _channelRenewals);

    internal void Connected() => Interlocked.Increment(ref _connections);
    internal void Rejected() => Interlocked.Increment(ref _rejectedConnections);
    internal void Request() => Interlocked.Increment(ref _requests);
    internal void Fault() => Interlocked.Increment(ref _serviceFaults);
    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);
    internal void Renewed() => Interlocked.Increment(ref _channelRenewals);
}
