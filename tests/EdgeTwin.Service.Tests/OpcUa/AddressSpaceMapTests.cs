using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Types;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.OpcUa;
using EdgeTwin.Sync.Uplink;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>The twin → address-space mapping in process: NodeIds, values from the twin, setpoint checks.</summary>
public sealed class AddressSpaceMapTests
{
    [Fact]
    public async Task NodeIds_are_the_browse_paths_below_Objects_and_the_same_for_every_build()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        await using var first = Build(config, out _);
        await using var second = Build(config, out _);
        Assert.Equal(first.AddressSpace.NodeCount, second.AddressSpace.NodeCount);
        foreach (var path in new[]
        {
            "demo-axis", "demo-axis/Devices/imu/accel_x", "demo-axis/Devices/winding/temperature/EURange",
            "demo-axis/Devices/winding/temperature/EngineeringUnits", "demo-axis/Twin/axis1/motor/temperature",
            "demo-axis/Twin/axis1/encoder/counts", "demo-axis/Actuators/motor_speed/Setpoint", "demo-axis/Actuators/motor_speed/SetSafeState",
            "demo-axis/Actuators/brake/Release", "demo-axis/Health/Devices/encoder/MissedPeriods", "demo-axis/Health/Store/Health",
            "demo-axis/Uplink/BacklogSamples",
        })
        {
            var id = new NodeId(path, ServerAddressSpace.ApplicationNamespace);
            var a = first.AddressSpace.Find(id);
            var b = second.AddressSpace.Find(id);
            Assert.True(a is not null, path);
            Assert.Equal(a.NodeClass, b!.NodeClass);
            Assert.Equal(a.BrowseName, b.BrowseName);
        }

        // Every twin channel is in the Twin tree under its own path.
        foreach (var channel in TwinLayout.Channels(config))
        {
            Assert.IsType<VariableNode>(first.AddressSpace.Find(new NodeId("demo-axis/Twin/" + channel.TwinPath, ServerAddressSpace.ApplicationNamespace)));
        }
    }

    [Fact]
    public async Task A_channel_reads_the_twin_value_with_the_sample_time_as_source_timestamp_and_the_quality_as_status()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        await using var server = Build(config, out var gateway);
        var node = (VariableNode)server.AddressSpace.Find(new NodeId("demo-axis/Devices/winding/temperature", ServerAddressSpace.ApplicationNamespace))!;
        var twin = (VariableNode)server.AddressSpace.Find(new NodeId("demo-axis/Twin/axis1/motor/temperature", ServerAddressSpace.ApplicationNamespace))!;
        Assert.Equal((StatusCode)StatusCodes.BadWaitingForInitialData, node.GetValue().Status);

        Assert.True(gateway.Channels.TryGetId("axis1/motor/temperature", out var channel));
        var time = new DateTime(2026, 11, 22, 4, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567);
        var ns = (time - DateTime.UnixEpoch).Ticks * 100;
        gateway.Twin.Update(new Sample(channel, ns, 71.25, Quality.OutOfRange));
        foreach (var value in new[] { node.GetValue(), twin.GetValue() })
        {
            Assert.Equal(71.25, value.Value.AsDouble);
            Assert.Equal(time, value.SourceTimestamp);
            Assert.Equal((StatusCode)StatusCodes.UncertainEngineeringUnitsExceeded, value.Status);
        }

        gateway.Twin.Update(new Sample(channel, ns + 1000, 0, Quality.SensorFailure));
        Assert.True(node.GetValue().Value.IsNull);
        Assert.Equal((StatusCode)StatusCodes.BadSensorFailure, node.GetValue().Status);
    }

    [Fact]
    public async Task A_setpoint_outside_the_actuator_limits_is_refused_and_one_inside_reaches_the_actuator()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        await using var server = Build(config, out var gateway);
        var setpoint = (VariableNode)server.AddressSpace.Find(new NodeId("demo-axis/Actuators/motor_speed/Setpoint", ServerAddressSpace.ApplicationNamespace))!;
        var motor = gateway.Actuators["motor_speed"];
        var user = new UserIdentity("alice", [OpcUaService.OperatorRole]);
        Assert.Equal(AccessLevels.CurrentRead, setpoint.UserAccessLevel(UserIdentity.Anonymous));
        Assert.Equal(AccessLevels.CurrentRead | AccessLevels.CurrentWrite, setpoint.UserAccessLevel(user));

        foreach (var bad in new[] { -0.001, motor.Actuator.Maximum + 0.001, double.NaN, double.PositiveInfinity })
        {
            Assert.Equal((StatusCode)StatusCodes.BadOutOfRange, setpoint.OnWrite!(user, setpoint, new DataValue(new Variant(bad))));
        }

        Assert.Equal(StatusCode.Good, setpoint.OnWrite!(user, setpoint, new DataValue(new Variant(1234.5))));
        Assert.Equal(1234.5, motor.Actuator.Value);
        Assert.Equal(1234.5, setpoint.GetValue().Value.AsDouble);
    }

    [Fact]
    public async Task Uplink_status_nodes_show_whichever_uplink_runs()
    {
        // Whatever the format (JSON or Sparkplug B), the status nodes read the running IUplink's Status.
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        var gateway = GatewayBuilder.Build(config, new SystemClock(), NullLoggerFactory.Instance);
        await using var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ApplicationNamespaceUri = config.OpcUa.NamespaceUri });
        IUplink? running = null;
        OpcUaService.Map(server.AddressSpace, gateway, config.OpcUa, () => null, () => running);
        VariableNode Node(string name) => (VariableNode)server.AddressSpace.Find(new NodeId("demo-axis/Uplink/" + name, ServerAddressSpace.ApplicationNamespace))!;

        Assert.False(Node("Running").GetValue().Value.AsBoolean);
        Assert.False(Node("Connected").GetValue().Value.AsBoolean);
        await using var uplink = new FixedStatusUplink(new UplinkStatus(true, 42, 1.5, 10, 7, 3, 1));
        running = uplink;
        Assert.True(Node("Running").GetValue().Value.AsBoolean);
        Assert.True(Node("Connected").GetValue().Value.AsBoolean);
        Assert.Equal(42L, Node("BacklogSamples").GetValue().Value.AsInt64);
        Assert.Equal(1L, Node("FailedPublishes").GetValue().Value.AsInt64);
    }

    private sealed class FixedStatusUplink(UplinkStatus status) : IUplink
    {
        public UplinkStatus Status => status;

        public long DurableCursor(int channel) => 0;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static OpcUaServer Build(GatewayConfig config, out Gateway gateway)
    {
        gateway = GatewayBuilder.Build(config, new SystemClock(), NullLoggerFactory.Instance);
        var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ApplicationNamespaceUri = config.OpcUa.NamespaceUri });
        var skipped = OpcUaService.Map(server.AddressSpace, gateway, config.OpcUa, () => null, () => null);
        Assert.Empty(skipped);
        return server;
    }
}
