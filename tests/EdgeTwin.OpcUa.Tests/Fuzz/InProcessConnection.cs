using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Subscriptions;
using EdgeTwin.OpcUa.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>Runs the server's connection handler over a <see cref="ReplayStream"/>, bounded in time.</summary>
internal static class InProcessConnection
{
    public static OpcUaServerOptions Options(int handshakeMs = 500) => new()
    {
        Port = 0,
        Transport = new TransportLimits { HandshakeTimeout = TimeSpan.FromMilliseconds(handshakeMs) },
        Users = [],
    };

    public static ServerCore NewServer(OpcUaServerOptions? options = null)
    {
        var core = new ServerCore(options ?? Options(), TimeProvider.System, NullLogger.Instance);
        core.Subscriptions = new SubscriptionEngine(core);
        return core;
    }

    public static async Task<ReplayStream> RunAsync(byte[] input, OpcUaServerOptions? options = null, bool stall = false, TimeSpan? bound = null)
    {
        var core = NewServer(options);
        try
        {
            return await RunAsync(core, input, stall, bound);
        }
        finally
        {
            ((SubscriptionEngine)core.Subscriptions!).Dispose();
        }
    }

    /// <summary>One connection over any test stream against an existing server; an escaping exception is a crash, a timeout a hang.</summary>
    public static async Task RunAsync(ServerCore core, Stream stream, TimeSpan bound)
    {
        var connection = new ServerConnection(core, stream);
        try
        {
            await connection.RunAsync(CancellationToken.None).WaitAsync(bound);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>One connection against an existing server (many runs share it, as clients share a real one).</summary>
    public static async Task<ReplayStream> RunAsync(ServerCore core, byte[] input, bool stall = false, TimeSpan? bound = null)
    {
        var stream = new ReplayStream(input, stall);
        var connection = new ServerConnection(core, stream);
        try
        {
            // Any exception escaping here is a crash of the connection handler; a timeout is a hang.
            await connection.RunAsync(CancellationToken.None).WaitAsync(bound ?? TimeSpan.FromSeconds(5));
        }
        finally
        {
            await connection.DisposeAsync();
        }

        return stream;
    }
}
