using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeTwin.OpcUa.AddressSpace;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.OpcUa.Server;

/// <summary>
/// An OPC UA server (Embedded 2017 profile, SecurityPolicy None): listens on UA-TCP, runs one task per
/// connection, expires idle sessions. Build the address space through <see cref="AddressSpace"/> before or
/// after <see cref="StartAsync"/>.
/// </summary>
public sealed class OpcUaServer : IAsyncDisposable
{
    private readonly ServerCore _core;
    private readonly Subscriptions.SubscriptionEngine _engine;
    private readonly ConcurrentDictionary<ServerConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private Task? _housekeeping;

    public OpcUaServer(OpcUaServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OpcUaServer>();
        _core = new ServerCore(options, time ?? TimeProvider.System, logger);
        _engine = new Subscriptions.SubscriptionEngine(_core);
        _core.Subscriptions = _engine;
        AddressSpace = new ServerAddressSpace(_core.Nodes, options.ApplicationNamespaceUri);
    }

    public ServerAddressSpace AddressSpace { get; }

    /// <summary>The port actually listened on (useful with <see cref="OpcUaServerOptions.Port"/> 0).</summary>
    public int Port => _core.Port;

    public ServerDiagnostics Diagnostics => _core.Diagnostics;

    public int SessionCount => _core.Sessions.Count;

    public string EndpointUrl => "opc.tcp://" + _core.Options.HostName + ":" + _core.Port;

    internal ServerCore Core => _core;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = new TcpListener(_core.Options.ListenAddress, _core.Options.Port);
        _listener.Start();
        _core.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        _housekeeping = HousekeepingAsync(_stopping.Token);
        _core.Logger.LogInformation("OPC UA server listening on {Endpoint}", EndpointUrl);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _core.State = ServerState.Shutdown;
        await _stopping.CancelAsync();
        _listener?.Stop();
        foreach (var c in _connections.Keys)
        {
            c.Close();
        }

        var pending = _connections.Values.ToList();
        if (_acceptLoop is not null)
        {
            pending.Add(_acceptLoop);
        }

        if (_housekeeping is not null)
        {
            pending.Add(_housekeeping);
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _engine.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_connections.Count >= _core.Options.MaxChannels)
            {
                _core.Diagnostics.Rejected();
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            _core.Diagnostics.Connected();
            var connection = new ServerConnection(_core, new NetworkStream(socket, ownsSocket: true));
            _connections[connection] = RunConnectionAsync(connection, ct);
        }
    }

    private async Task RunConnectionAsync(ServerConnection connection, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(ct);
        }
        catch (Exception ex)
        {
            // Top of the per-connection loop: anything unexpected ends this connection only.
            _core.Logger.LogError(ex, "Connection failed");
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync();
        }
    }

    private async Task HousekeepingAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _core.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var removed = _core.Sessions.RemoveExpired(_core.Time.GetUtcNow().UtcTicks);
                if (removed > 0)
                {
                    _core.Logger.LogInformation("Closed {Count} timed-out sessions", removed);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
