using System.Text.Json;

namespace EdgeTwin.OpcUa.Tests.Interop;

/// <summary>The sample server as a real process, driven by node-opcua-client over security None.</summary>
[Collection(InteropCollection.Name)]
public class NodeOpcUaInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Node_opcua_browses_the_whole_tree_and_reads_every_attribute_without_a_bad_status()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var result = await NodeOpcUaClient.RunAsync("browse-read", server.Url, Timeout);

        Assert.Empty(result.GetProperty("browseBad").EnumerateArray());
        Assert.Empty(result.GetProperty("readBad").EnumerateArray());
        Assert.True(result.GetProperty("nodeCount").GetInt32() > 300, "nodes: " + result.GetProperty("nodeCount"));
        Assert.True(result.GetProperty("hasServerStatus").GetBoolean());
        Assert.True(result.GetProperty("hasTemperature").GetBoolean());

        // Every node class of the address space was reached: Object, Variable, Method, ObjectType,
        // VariableType, ReferenceType, DataType (View is not used).
        var classes = result.GetProperty("nodeClasses").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(classes, new HashSet<string> { "1", "2", "4", "8", "16", "32", "64" });

        // The endpoint carries the host name the client used (127.0.0.1) and our port.
        Assert.Equal(server.Url, result.GetProperty("endpointUrls").EnumerateArray().Single().GetString());
    }

    [Fact]
    public async Task Node_opcua_writes_as_an_authorised_user_and_is_refused_as_anonymous()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var result = await NodeOpcUaClient.RunAsync("write", server.Url, Timeout);

        Assert.Equal("BadUserAccessDenied", result.GetProperty("anonymous").GetString());
        var op = result.GetProperty("operator");
        Assert.Equal("Good", op.GetProperty("status").GetString());
        Assert.Equal("BadTypeMismatch", op.GetProperty("wrongType").GetString());
        Assert.Equal(42.5, op.GetProperty("readBack").GetDouble());
        Assert.Contains("BadUserAccessDenied", result.GetProperty("badPassword").GetString());
    }

    [Fact]
    public async Task Node_opcua_calls_a_method_and_gets_argument_errors()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var result = await NodeOpcUaClient.RunAsync("call", server.Url, Timeout);

        Assert.Equal("Good", result.GetProperty("status").GetString());
        Assert.Equal(3.25, result.GetProperty("output")[0].GetDouble());
        Assert.Equal("BadArgumentsMissing", result.GetProperty("missing").GetString());
        Assert.Equal("BadInvalidArgument", result.GetProperty("wrongType").GetString());
        Assert.Equal(["a", "b"], result.GetProperty("inputNames").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }
}

[Collection(InteropCollection.Name)]
public class NodeOpcUaSubscriptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Node_opcua_gets_100_items_at_the_requested_100ms_rate()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var result = await NodeOpcUaClient.RunAsync("subscribe", server.Url, Timeout);

        Assert.Equal(0, result.GetProperty("badValues").GetInt32());
        Assert.All(result.GetProperty("revisedSampling").EnumerateArray(), v => Assert.Equal(100, v.GetDouble()));
        var expected = result.GetProperty("elapsed").GetDouble() * 1000 / 100;
        var counts = result.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        Assert.Equal(100, counts.Length);

        // The signals change every 20 ms, so every 100 ms sample is a change: ~30 in 3 s per item.
        Assert.All(counts, c => Assert.InRange(c, expected * 0.6, (expected * 1.2) + 2));
    }

    [Fact]
    public async Task Node_opcua_deadbands_suppress_changes_smaller_than_absolute_or_percent_of_EURange()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var result = await NodeOpcUaClient.RunAsync("deadband", server.Url, Timeout);

        Assert.True(result.GetProperty("none").GetInt32() >= 20, "no filter: " + result.GetProperty("none"));
        Assert.True(result.GetProperty("small").GetInt32() >= 20, "1% of span: " + result.GetProperty("small"));
        Assert.Equal(1, result.GetProperty("percent").GetInt32());
        Assert.Equal(1, result.GetProperty("absolute").GetInt32());
        Assert.Contains("BadDeadbandFilterInvalid", result.GetProperty("noRangeStatus").GetString());
    }
}

[Collection(InteropCollection.Name)]
public class NodeOpcUaChannelRenewalTests
{
    [Fact]
    public async Task Node_opcua_renews_its_channel_several_times_during_a_long_session_without_losing_a_request()
    {
        await using var server = await SampleServerProcess.StartAsync("--min-token-lifetime-ms", "1000");
        var result = await NodeOpcUaClient.RunAsync("renew", server.Url, TimeSpan.FromSeconds(90));

        // Tokens of 1 s are renewed at 75% of their life: about six renewals in the 5 s session.
        Assert.True(result.GetProperty("renewals").GetInt32() >= 3, "renewals: " + result.GetProperty("renewals"));
        Assert.True(result.GetProperty("reads").GetInt32() >= 20, "reads: " + result.GetProperty("reads"));
        Assert.Equal(0, result.GetProperty("badReads").GetInt32());

        // Counter changes every 20 ms and is sampled every 100 ms for 5 s (~50), across the renewals; the
        // bound is loose because the suite runs beside the fuzz tests on a shared machine.
        Assert.True(result.GetProperty("changes").GetInt32() >= 20, "changes: " + result.GetProperty("changes"));
    }
}
