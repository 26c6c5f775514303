using EdgeTwin.OpcUa.AddressSpace;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.OpcUa.Server;

/// <summary>The state every connection and service shares: options, clock, nodes, sessions, diagnostics.</summary>
internal sealed class ServerCore
{
    private int _nextChannelId;

    public ServerCore(OpcUaServerOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        Time = time;
        Logger = logger;
        Sessions = new SessionTable(options);
        Namespace0.Populate(Nodes);
        StartTime = time.GetUtcNow().UtcDateTime;
        ServerNodes.Bind(this);
    }

    public OpcUaServerOptions Options { get; }
    public TimeProvider Time { get; }
    public ILogger Logger { get; }
    public NodeStore Nodes { get; } = new();
    public SessionTable Sessions { get; }
    public ServerDiagnostics Diagnostics { get; } = new();
    public DateTime StartTime { get; }
    public ServerState State { get; set; } = ServerState.Running;
    public uint SecondsTillShutdown { get; set; }
    public string? ShutdownReason { get; set; }
    public int Port { get; set; }

    public Services.ISubscriptionService? Subscriptions { get; set; }

    public uint NextChannelId() => (uint)Interlocked.Increment(ref _nextChannelId);

    /// <summary>The id the next channel will get (tests replay captured traffic with it).</summary>
    public uint PeekNextChannelId() => (uint)Volatile.Read(ref _nextChannelId) + 1;
}
