using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Transport;
using EdgeTwin.OpcUa.Types;

namespace EdgeTwin.OpcUa.Server;

/// <summary>Everything an application configures about the server.</summary>
public sealed class OpcUaServerOptions
{
    /// <summary>TCP port; 0 picks a free one (see <see cref="OpcUaServer.Port"/>).</summary>
    public int Port { get; init; } = 4840;

    /// <summary>Address to listen on; loopback by default, <c>IPAddress.Any</c> to serve the network.</summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>Host name used in endpoint URLs when the client's own URL gives none.</summary>
    public string HostName { get; init; } = "localhost";

    public string ApplicationUri { get; init; } = "urn:edgetwin:opcua:server";
    public string ProductUri { get; init; } = "urn:edgetwin:opcua";
    public string ApplicationName { get; init; } = "EdgeTwin OPC UA Server";
    public string ManufacturerName { get; init; } = "EdgeTwin";
    public string ProductName { get; init; } = "EdgeTwin.OpcUa";
    public string SoftwareVersion { get; init; } = "0.1.0";
    public string BuildNumber { get; init; } = "0";
    public DateTime BuildDate { get; init; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The application namespace (index 1) holding the nodes the application adds.</summary>
    public string ApplicationNamespaceUri { get; init; } = "urn:edgetwin:opcua:application";

    public bool AllowAnonymous { get; init; } = true;
    public IReadOnlyList<UserAccount> Users { get; init; } = [];

    public TransportLimits Transport { get; init; } = new();
    public OperationLimits Operations { get; init; } = new();

    public int MaxSessions { get; init; } = 100;
    public int MaxSessionsPerChannel { get; init; } = 10;
    public int MaxChannels { get; init; } = 100;
    public double MinSessionTimeoutMs { get; init; } = 10_000;
    public double MaxSessionTimeoutMs { get; init; } = 3_600_000;
    public uint MinTokenLifetimeMs { get; init; } = 10_000;
    public uint MaxTokenLifetimeMs { get; init; } = 3_600_000;
    public int MaxBrowseContinuationPoints { get; init; } = 10;
    public int MaxSubscriptionsPerSession { get; init; } = 100;
    public int MaxMonitoredItemsPerSubscription { get; init; } = 100_000;
    public int MaxPublishRequestsPerSession { get; init; } = 20;
    public int MaxNotificationsPerPublish { get; init; } = 10_000;
    public double MinPublishingIntervalMs { get; init; } = 10;
    public double MinSamplingIntervalMs { get; init; } = 10;
    public uint MaxQueueSize { get; init; } = 1_000;
    public uint MaxLifetimeCount { get; init; } = 100_000;
    public uint MaxKeepAliveCount { get; init; } = 10_000;

    /// <summary>
    /// Called after every Write of a Value attribute to an existing node, allowed or refused, with its result:
    /// lets an application audit writes the stack refuses before any write handler runs (access, type).
    /// </summary>
    public WriteObserver? WriteCompleted { get; init; }

    /// <summary>Called after every Call of an existing method, allowed or refused, with its result.</summary>
    public CallObserver? CallCompleted { get; init; }
}

/// <summary>Observes one completed Write (see <see cref="OpcUaServerOptions.WriteCompleted"/>).</summary>
public delegate void WriteObserver(UserIdentity user, WriteValue write, StatusCode result);

/// <summary>Observes one completed Call (see <see cref="OpcUaServerOptions.CallCompleted"/>).</summary>
public delegate void CallObserver(UserIdentity user, CallMethodRequest call, StatusCode result);
