using System.Diagnostics;
using System.Text;
using EdgeTwin.Mqtt.Tests.Broker;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>Interoperability with mosquitto's own clients as independent peers.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class CommandLinePeerTests(MosquittoFixture fixture)
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311, "mqttv311")]
    [InlineData(MqttProtocolVersion.V500, "mqttv5")]
    public async Task Messages_published_by_this_client_reach_mosquitto_sub(MqttProtocolVersion version, string cliVersion)
    {
        var topic = $"edgetwin/cli/{Guid.NewGuid():N}";
        await using var client = new MqttClient(fixture.Options(version, $"to-cli-{Guid.NewGuid():N}"));
        await client.ConnectAsync();
        // A retained marker tells us when mosquitto_sub's subscription is active: it prints the marker first.
        await client.PublishAsync(topic, "ready"u8.ToArray(), retain: true);

        var start = new ProcessStartInfo(ExternalTools.MosquittoSub)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", fixture.Broker.Port.ToString(), "-V", cliVersion, "-q", "2", "-t", topic, "-C", "7", "-W", "20" })
        {
            start.ArgumentList.Add(argument);
        }

        using var sub = Process.Start(start)!;
        try
        {
            var stdout = sub.StandardOutput;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal("ready", await stdout.ReadLineAsync(cts.Token));
            var qos = new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce };
            for (var i = 0; i < 6; i++)
            {
                var result = await client.PublishAsync(topic, Encoding.UTF8.GetBytes($"line {i} ünï"), qos[i % 3]);
                Assert.True(result.IsSuccess);
            }

            // MQTT 5.0 §4.6 orders messages per QoS level only; mosquitto may pass a QoS 0 message ahead of a QoS 2 one.
            var received = new List<string?>();
            for (var i = 0; i < 6; i++)
            {
                received.Add(await stdout.ReadLineAsync(cts.Token));
            }

            Assert.Equal(Enumerable.Range(0, 6).Select(i => $"line {i} ünï").Order(), received.Order());

            await sub.WaitForExitAsync(cts.Token);
            Assert.Equal(0, sub.ExitCode);
        }
        finally
        {
            if (!sub.HasExited)
            {
                sub.Kill();
            }

            await client.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, retain: true);
        }
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, "mqttv311")]
    [InlineData(MqttProtocolVersion.V500, "mqttv5")]
    public async Task Messages_from_mosquitto_pub_reach_this_client_at_every_QoS(MqttProtocolVersion version, string cliVersion)
    {
        var topic = $"edgetwin/cli/{Guid.NewGuid():N}";
        await using var client = new MqttClient(fixture.Options(version, $"from-cli-{Guid.NewGuid():N}"));
        await client.ConnectAsync();
        await client.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce);

        foreach (var qos in new[] { 0, 1, 2 })
        {
            await ProcessRunner.RunAsync(ExternalTools.MosquittoPub, ["-h", "127.0.0.1", "-p", fixture.Broker.Port.ToString(), "-V", cliVersion, "-q", qos.ToString(), "-t", topic, "-m", $"qos {qos}"], timeout: TimeSpan.FromSeconds(10));
            var message = await Wait.NextAsync(client.Messages);
            Assert.Equal($"qos {qos}", Encoding.UTF8.GetString(message.Payload.Span));
            Assert.Equal((MqttQualityOfService)qos, message.QoS);
        }

        // -l publishes each stdin line as its own message over one connection.
        var lines = Enumerable.Range(0, 50).Select(i => $"bulk {i}").ToArray();
        await ProcessRunner.RunAsync(ExternalTools.MosquittoPub, ["-h", "127.0.0.1", "-p", fixture.Broker.Port.ToString(), "-V", cliVersion, "-q", "1", "-t", topic, "-l"], standardInput: string.Join('\n', lines) + "\n", timeout: TimeSpan.FromSeconds(10));
        foreach (var line in lines)
        {
            Assert.Equal(line, Encoding.UTF8.GetString((await Wait.NextAsync(client.Messages)).Payload.Span));
        }
    }
}
