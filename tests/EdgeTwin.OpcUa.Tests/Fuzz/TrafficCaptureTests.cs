using EdgeTwin.OpcUa.Tests.Interop;

namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// Records node-opcua's traffic through a proxy. With EDGETWIN_WRITE_FIXTURES=1 the streams are written to
/// Fixtures/Traffic in the source tree, the seeds of the fuzz tests.
/// </summary>
[Collection(InteropCollection.Name)]
public class TrafficCaptureTests
{
    [Fact]
    public async Task Node_opcua_traffic_through_a_proxy_is_hello_open_messages_and_close()
    {
        await using var server = await SampleServerProcess.StartAsync();
        var streams = new List<(string Scenario, byte[] Bytes)>();
        foreach (var scenario in new[] { "call", "write", "deadband", "fullsession" })
        {
            await using var proxy = new CaptureProxy(server.Port);
            var result = await NodeOpcUaClient.RunAsync(scenario, proxy.Url, TimeSpan.FromSeconds(60));
            if (scenario == "fullsession")
            {
                // The seed of the activated-session fuzz must really have exercised every service it replays.
                Assert.True(result.GetProperty("references").GetInt32() > 0, result.ToString());
                Assert.Equal("Good", result.GetProperty("write").GetString());
                Assert.Equal("Good", result.GetProperty("call").GetString());
                Assert.True(result.GetProperty("changes").GetInt32() > 0, result.ToString());
                Assert.All(result.GetProperty("read").EnumerateArray(), r => Assert.Equal("Good", r.GetString()));
            }

            var i = 0;
            foreach (var s in proxy.Captured)
            {
                lock (s)
                {
                    streams.Add((scenario + "-" + i++, s.ToArray()));
                }
            }
        }

        var sessionStreams = streams.Where(s => Traffic.Chunks(s.Bytes).Count > 3).ToList();
        Assert.NotEmpty(sessionStreams);
        foreach (var (_, bytes) in sessionStreams)
        {
            var types = Traffic.Chunks(bytes).Select(Traffic.TypeOf).ToList();
            Assert.Equal("HEL", types[0]);
            Assert.Equal("OPN", types[1]);
            Assert.Contains("MSG", types);
            Assert.Equal("CLO", types[^1]);
        }

        if (Environment.GetEnvironmentVariable("EDGETWIN_WRITE_FIXTURES") == "1")
        {
            var dir = Path.Combine(RepoPaths.Root, "tests", "EdgeTwin.OpcUa.Tests", "Fixtures", "Traffic");
            Directory.CreateDirectory(dir);
            foreach (var (name, bytes) in sessionStreams)
            {
                File.WriteAllBytes(Path.Combine(dir, name + ".bin"), bytes);
            }
        }
    }
}
