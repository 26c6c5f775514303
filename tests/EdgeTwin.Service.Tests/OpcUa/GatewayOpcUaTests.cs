using System.Text.Json;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>
/// The real gateway's OPC UA server driven by node-opcua-client (issue 4): browse and read everything, subscribe,
/// deadbands, authorized and refused writes and calls with their audit records, channel renewal.
/// </summary>
public sealed class GatewayOpcUaTests(OpcUaGateway gateway) : IClassFixture<OpcUaGateway>
{
    private const string Ns = "ns=1;s=" + OpcUaGateway.Gateway + "/";

    /// <summary>The qualities a sample can carry (EdgeTwin.Drivers.Samples.Quality) as node-opcua names them.</summary>
    private static readonly string[] SampleQualities =
    [
        "UncertainLastUsableValue", "UncertainSensorNotAccurate", "UncertainEngineeringUnitsExceeded", "BadWaitingForInitialData",
        "BadCommunicationError", "BadDeviceFailure", "BadSensorFailure",
    ];

    [Fact]
    public async Task The_whole_tree_browses_and_every_attribute_of_every_node_reads_without_a_bad_status()
    {
        var r = await gateway.RunAsync("browse-read");
        Assert.Equal(0, r.GetProperty("browseBad").GetArrayLength());
        Assert.True(r.GetProperty("readBad").GetArrayLength() == 0, "bad reads: " + r.GetProperty("readBad"));
        // A channel's StatusCode is its sample's quality: a loaded machine may show a value as stale or a derived
        // state as still waiting, which is data, not an error. Everything else must read Good.
        foreach (var value in r.GetProperty("valueStatus").EnumerateObject())
        {
            Assert.True(value.Name.StartsWith(Ns + "Devices/", StringComparison.Ordinal) || value.Name.StartsWith(Ns + "Twin/", StringComparison.Ordinal)
                || value.Name.EndsWith("/Setpoint", StringComparison.Ordinal), "not Good: " + value);
            Assert.Contains(value.Value.GetString(), SampleQualities);
        }

        Assert.True(r.GetProperty("goodReads").GetInt32() > 1000);

        var nodes = r.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToHashSet();
        foreach (var expected in new[]
        {
            "", "Devices/imu/accel_x", "Devices/winding/temperature", "Devices/encoder/counts", "Twin/axis1/motor/temperature",
            "Twin/axis1/velocity", "Twin/axis1/brake", "Actuators/motor_speed/Setpoint", "Actuators/brake/SetSafeState",
            "Actuators/brake/Release", "Actuators/brake/SafeStateActive", "Health/Devices/imu/Samples", "Health/Devices/imu/Quality",
            "Health/Store/Health", "Health/Store/CommittedSamples", "Uplink/Connected", "Uplink/BacklogSamples",
        })
        {
            Assert.Contains(Ns.TrimEnd('/') + (expected.Length == 0 ? "" : "/" + expected), nodes);
        }

        var channel = r.GetProperty("channel");
        Assert.Contains(channel.GetProperty("status").GetString(), new[] { "Good", "UncertainLastUsableValue" });
        Assert.Equal("ns=0;i=2368", Assert.Single(channel.GetProperty("typeDefinition").EnumerateArray()).GetString()); // AnalogItemType
        Assert.Equal(-40, channel.GetProperty("range").GetProperty("low").GetDouble());
        Assert.Equal(40, channel.GetProperty("range").GetProperty("high").GetDouble());
        Assert.Equal(0x4D534B, channel.GetProperty("unit").GetProperty("id").GetInt32()); // UNECE "MSK", m/s²
        Assert.Equal(0x43454C, r.GetProperty("temperatureUnit").GetProperty("id").GetInt32()); // UNECE "CEL", °C

        // The source timestamp is the sample's time, so it is at or before the server's time of the read.
        var source = DateTime.Parse(channel.GetProperty("sourceTimestamp").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        var server = DateTime.Parse(channel.GetProperty("serverTimestamp").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(source <= server.AddMilliseconds(1) && server - source < TimeSpan.FromSeconds(30), $"source {source:O}, server {server:O}");
    }

    [Fact]
    public async Task A_hundred_monitored_items_receive_data_changes_at_the_requested_rate()
    {
        var r = await gateway.RunAsync("subscribe");
        Assert.All(r.GetProperty("itemStatus").EnumerateArray(), s => Assert.Equal("Good", s.GetString()));
        Assert.All(r.GetProperty("revisedSampling").EnumerateArray(), s => Assert.Equal(100, s.GetDouble()));
        var counts = r.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        Assert.Equal(100, counts.Length);
        var expected = r.GetProperty("elapsed").GetDouble() * 1000 / r.GetProperty("rate").GetDouble();

        // Each item samples a value that changes faster than 10 Hz: about one change per 100 ms. A loaded machine
        // may merge or delay a few publishes, never add any.
        Assert.All(counts, c => Assert.InRange(c, expected * 0.4, (expected * 1.2) + 2));
        Assert.Equal(0, r.GetProperty("badValues").GetInt32());
    }

    [Fact]
    public async Task Deadbands_suppress_small_changes_and_a_percent_deadband_needs_an_eurange()
    {
        var r = await gateway.RunAsync("deadband");
        Assert.True(r.GetProperty("none").GetInt32() >= 10, r.ToString());
        Assert.True(r.GetProperty("small").GetInt32() >= 10, r.ToString());
        Assert.Equal(0, r.GetProperty("percent").GetInt32());
        Assert.Equal(0, r.GetProperty("absolute").GetInt32());
        Assert.Contains("BadDeadbandFilterInvalid", r.GetProperty("noRangeStatus").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_writes_a_setpoint_anonymous_is_refused_and_both_are_audited()
    {
        var r = await gateway.RunAsync("write");
        var anonymous = r.GetProperty("anonymous");
        Assert.Equal("BadUserAccessDenied", anonymous.GetProperty("status").GetString());
        Assert.Equal(1, anonymous.GetProperty("userAccessLevel").GetInt32()); // CurrentRead only
        var op = r.GetProperty("operator");
        Assert.Equal(3, op.GetProperty("userAccessLevel").GetInt32()); // CurrentRead | CurrentWrite
        Assert.Equal("Good", op.GetProperty("status").GetString());
        Assert.Equal("BadOutOfRange", op.GetProperty("outOfRange").GetString());
        Assert.Equal("BadTypeMismatch", op.GetProperty("wrongType").GetString());
        Assert.Equal(1234, op.GetProperty("readBack").GetDouble());
        Assert.Equal(1234, op.GetProperty("twin").GetDouble());
        Assert.Contains("BadUserAccessDenied", r.GetProperty("badPassword").GetString(), StringComparison.Ordinal);

        var writes = AuditRecord.ReadAll(gateway.EventsDatabase).Where(a => a.Node == Ns + "Actuators/motor_speed/Setpoint").ToList();
        Assert.Equal(
            [(null, "BadUserAccessDenied", "1234"), ("operator", "Good", "1234"), ("operator", "BadOutOfRange", "99999"), ("operator", "BadTypeMismatch", "fast")],
            writes.Select(w => (w.User, w.Result, Value(w.Payload.GetProperty("value")))).ToArray());
        Assert.All(writes, w => Assert.Equal("opcua-write", w.Type));
        Assert.Contains("OPC UA write " + Ns + "Actuators/motor_speed/Setpoint = 1234 by anonymous: BadUserAccessDenied", gateway.Log, StringComparison.Ordinal);
        Assert.Contains("OPC UA write " + Ns + "Actuators/motor_speed/Setpoint = 1234 by operator: Good", gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetSafeState_holds_the_safe_value_until_Release_and_calls_are_audited()
    {
        var r = await gateway.RunAsync("call");
        Assert.Equal("BadUserAccessDenied", r.GetProperty("anonymous").GetString());
        var op = r.GetProperty("operator");
        Assert.Equal("Good", op.GetProperty("writeBefore").GetString());
        Assert.Equal("Good", op.GetProperty("safe").GetString());
        Assert.True(op.GetProperty("activeAfterSafe").GetBoolean());
        Assert.Equal("BadInvalidState", op.GetProperty("writeWhileSafe").GetString());
        Assert.Equal(1, op.GetProperty("setpointWhileSafe").GetDouble()); // Actuators:brake:Safe
        Assert.Equal("Good", op.GetProperty("release").GetString());
        Assert.False(op.GetProperty("activeAfterRelease").GetBoolean());
        Assert.Equal("Good", op.GetProperty("writeAfterRelease").GetString());

        var records = AuditRecord.ReadAll(gateway.EventsDatabase);
        var calls = records.Where(a => a.Type == "opcua-call" && a.Node.StartsWith(Ns + "Actuators/brake/", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [(null, "BadUserAccessDenied", "SetSafeState"), ("operator", "Good", "SetSafeState"), ("operator", "Good", "Release")],
            calls.Select(c => (c.User, c.Result, c.Node[(c.Node.LastIndexOf('/') + 1)..])).ToArray());
        Assert.All(calls, c => Assert.Equal(Ns + "Actuators/brake", c.Payload.GetProperty("object").GetString()));
        var writes = records.Where(a => a.Type == "opcua-write" && a.Node == Ns + "Actuators/brake/Setpoint").Select(w => w.Result).ToArray();
        Assert.Equal(["Good", "BadInvalidState", "Good"], writes);
    }

    [Fact]
    public async Task The_secure_channel_is_renewed_during_a_long_session_without_a_failure()
    {
        var r = await gateway.RunAsync("renew");
        Assert.True(r.GetProperty("renewals").GetInt32() >= 3, r.ToString());
        Assert.Equal(0, r.GetProperty("badReads").GetInt32());
        Assert.True(r.GetProperty("reads").GetInt32() >= 20, r.ToString());
        Assert.True(r.GetProperty("changes").GetInt32() >= 10, r.ToString());
    }

    private static string Value(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture) : value.GetString()!;
}
