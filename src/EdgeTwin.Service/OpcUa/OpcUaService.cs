using System.Net;
using System.Net.Sockets;
using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.Service.Cli;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Storage;
using EdgeTwin.Service.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// Serves the twin over OPC UA (docs/opcua.md). Registered after the store and the uplink and before
/// acquisition, so it stops before the store closes and every audited write still reaches the event log.
/// A port that cannot be bound is logged and the gateway runs on without the server.
/// </summary>
internal sealed class OpcUaService(Gateway gateway, StoreService store, UplinkService uplink, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    /// <summary>The role that may write setpoints and call actuator methods; every configured user has it.</summary>
    public const string OperatorRole = "operator";

    private readonly ILogger _logger = loggers.CreateLogger("EdgeTwin.OpcUa");
    private OpcUaServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = gateway.Config.OpcUa;
        if (!settings.Enabled)
        {
            _logger.LogInformation("OPC UA server disabled");
            return;
        }

        var audit = new CommandAudit(() => store.Store?.Events, TimeProvider.System, _logger);
        var server = new OpcUaServer(Options(settings, gateway.Config.Gateway.Name, audit), loggers);
        var skipped = Map(server.AddressSpace, gateway, settings, () => store.Store, () => uplink.Running);
        foreach (var path in skipped)
        {
            _logger.LogWarning("Twin path {Path} is not in the OPC UA Twin tree: another twin path uses it as a folder", path);
        }

        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            _logger.LogError("OPC UA server cannot listen on port {Port}: {Error}. The gateway runs on without it.", settings.Port, ex.Message);
            return;
        }

        _server = server;
        _logger.LogInformation("OPC UA server listening on {Endpoint} (port {Port}): namespace {Namespace}, {Nodes} nodes, {Users} user(s), anonymous writes {Anonymous}",
            server.EndpointUrl, server.Port, settings.NamespaceUri, server.AddressSpace.NodeCount, settings.Users.Count, settings.AllowAnonymousWrites ? "allowed" : "refused");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
            _logger.LogInformation("OPC UA server stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Builds <c>Objects/&lt;gateway&gt;/…</c>; returns the twin paths left out of the Twin tree.</summary>
    public static IReadOnlyList<string> Map(ServerAddressSpace space, Gateway gateway, OpcUaSettings settings, Func<Sync.Store.SampleStore?> store, Func<Sync.Uplink.IUplink?> uplink)
    {
        var root = space.AddObject(ServerAddressSpace.ObjectsFolder, gateway.Config.Gateway.Name, referenceType: EdgeTwin.OpcUa.Types.ReferenceTypeIds.Organizes).NodeId;
        TwinNodes.AddDevices(space, root, gateway);
        var skipped = TwinNodes.AddTwin(space, root, gateway);
        var actuators = space.AddFolder(root, "Actuators").NodeId;
        var writeRole = settings.AllowAnonymousWrites ? null : OperatorRole;
        foreach (var binding in gateway.Actuators.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            ActuatorNodes.Add(space, actuators, gateway, binding, writeRole);
        }

        StatusNodes.AddHealth(space, root, gateway, store);
        StatusNodes.AddUplink(space, root, gateway.Config.Uplink.Enabled, uplink);
        return skipped;
    }

    private static OpcUaServerOptions Options(OpcUaSettings settings, string gatewayName, CommandAudit audit)
    {
        var host = settings.EndpointHost ?? Dns.GetHostName();
        return new OpcUaServerOptions
        {
            Port = settings.Port,
            ListenAddress = IPAddress.Any,
            HostName = host,
            ApplicationUri = "urn:" + host + ":edgetwin:" + gatewayName,
            ProductUri = "urn:edgetwin",
            ApplicationName = "EdgeTwin " + gatewayName,
            ProductName = "EdgeTwin",
            SoftwareVersion = GatewayHost.Version,
            ApplicationNamespaceUri = settings.NamespaceUri,
            Users = [.. settings.Users.Select(u => UserAccount.FromHashString(u.Name, u.PasswordHash, [OperatorRole]))],
            MinTokenLifetimeMs = (uint)settings.MinTokenLifetime.TotalMilliseconds,
            WriteCompleted = audit.OnWrite,
            CallCompleted = audit.OnCall,
        };
    }
}
