using EdgeTwin.Mqtt;
using EdgeTwin.Service.Tests.Process;
using EdgeTwin.Sparkplug;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// The real gateway with <c>Uplink:Format = sparkplug</c>: SIGKILLed, its NDEATH will is delivered with the bdSeq of
/// its NBIRTH; restarted, it births again with bdSeq + 1 (persisted in the state directory).
/// </summary>
public sealed class SparkplugProcessTests
{
    [Fact]
    public async Task A_killed_gateway_dies_with_its_birth_bdseq_and_the_next_run_counts_on()
    {
        using var dir = new TempDirectory();
        using var broker = new Mosquitto();
        broker.Start();
        await using var host = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "scada", InboundQueueCapacity = 100_000 });
        await host.ConnectAsync();
        await host.SubscribeAsync("spBv1.0/plant/+/demo-axis/#", MqttQualityOfService.AtLeastOnce);
        await host.SubscribeAsync("spBv1.0/plant/+/demo-axis", MqttQualityOfService.AtLeastOnce);
        var environment = new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = dir.Path,
            ["EDGETWIN_Uplink__Enabled"] = "true",
            ["EDGETWIN_Uplink__Broker"] = $"mqtt://127.0.0.1:{broker.Port}",
            ["EDGETWIN_Uplink__KeepAliveSeconds"] = "5",
            ["EDGETWIN_Uplink__Format"] = "sparkplug",
            ["EDGETWIN_Uplink__Sparkplug__GroupId"] = "plant",
        };

        ulong firstBdSeq;
        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            var birth = await NextAsync(host, SparkplugMessageType.NBIRTH, gateway);
            firstBdSeq = BdSeq(birth);
            var dbirth = await NextAsync(host, SparkplugMessageType.DBIRTH, gateway);
            Assert.NotEmpty(dbirth.Metrics);
            await NextAsync(host, SparkplugMessageType.DDATA, gateway);
            System.Diagnostics.Process.GetProcessById(gateway.Id).Kill();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not die");
            var death = await NextAsync(host, SparkplugMessageType.NDEATH, gateway);
            Assert.Equal(firstBdSeq, BdSeq(death));
            Assert.Null(death.Seq);
        }

        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            var birth = await NextAsync(host, SparkplugMessageType.NBIRTH, gateway);
            Assert.Equal((firstBdSeq + 1) % 256, BdSeq(birth));
            Assert.Equal(0UL, birth.Seq);
            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not exit within 10 s of SIGTERM");
            var death = await NextAsync(host, SparkplugMessageType.NDEATH, gateway);
            Assert.Equal((firstBdSeq + 1) % 256, BdSeq(death));
        }
    }

    private static ulong BdSeq(SparkplugPayload payload) => (ulong)Assert.Single(payload.Metrics, m => m.Name == "bdSeq").Value!;

    private static async Task<SparkplugPayload> NextAsync(MqttClient host, SparkplugMessageType type, GatewayProcess gateway)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var m = await host.Messages.ReadAsync(timeout.Token);
                if (SparkplugTopic.Parse(m.Topic).Type == type)
                {
                    return SparkplugPayloadReader.Read(m.Payload.Span);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no {type} within 60 s\n{gateway.Stdout}\n{gateway.Stderr}");
            throw;
        }
    }
}
