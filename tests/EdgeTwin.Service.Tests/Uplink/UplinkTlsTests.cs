using System.Text.Json;
using EdgeTwin.Mqtt;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Tests.Process;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// <c>Uplink:Broker = mqtts://…</c> with <c>Uplink:Tls</c>: validated when the configuration loads, and the real
/// gateway forwarding over TLS with a client certificate to a mosquitto that requires one — including its own
/// <c>gateway/uplink/…</c> status channels, which travel twin → store → uplink like any other channel.
/// </summary>
public sealed class UplinkTlsTests
{
    [Fact]
    public void Tls_files_are_checked_when_the_configuration_loads()
    {
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Uplink:Broker"] = "mqtts://broker.plant",
            ["Uplink:Tls:CaFile"] = pki.Ca,
            ["Uplink:Tls:ClientCertificate"] = pki.ClientCertificate,
            ["Uplink:Tls:ClientKey"] = pki.ClientKey,
        });
        Assert.Equal(("broker.plant", 8883), (config.Uplink.Host, config.Uplink.Port));
        Assert.Equal(new UplinkTlsSettings(pki.Ca, pki.ClientCertificate, pki.ClientKey), config.Uplink.Tls);

        (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?> { ["Uplink:Broker"] = "mqtts://broker.plant:18883" });
        Assert.Equal(new UplinkTlsSettings(null, null, null), config.Uplink.Tls);
        Assert.Equal(18883, config.Uplink.Port);

        var missing = dir.File("no-such-ca.pem");
        var notPem = dir.File("not.pem");
        File.WriteAllText(notPem, "hello");
        var lines = Errors(new()
        {
            ["Uplink:Broker"] = "mqtts://broker.plant",
            ["Uplink:Tls:CaFile"] = missing,
            ["Uplink:Tls:ClientCertificate"] = notPem,
            ["Uplink:Tls:ClientKey"] = pki.ClientKey,
        });
        Assert.Contains(lines, l => l.StartsWith($"Uplink:Tls:CaFile: file '{missing}' does not exist", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Uplink:Tls:ClientKey: '{notPem}' with key '{pki.ClientKey}' is not a PEM certificate with its private key", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count);

        lines = Errors(new() { ["Uplink:Broker"] = "mqtt://broker.plant", ["Uplink:Tls:CaFile"] = pki.ServerKey, ["Uplink:Tls:ClientKey"] = pki.ClientKey });
        Assert.Contains(lines, l => l.StartsWith($"Uplink:Tls:CaFile: '{pki.ServerKey}' holds no PEM certificate", StringComparison.Ordinal));
        Assert.Contains("Uplink:Tls:ClientKey: needs a ClientCertificate", lines);
        Assert.Contains("Uplink:Tls: is set but Broker 'mqtt://broker.plant' is not mqtts://", lines);
        Assert.Equal(3, lines.Count);

        lines = Errors(new() { ["Uplink:Broker"] = "mqtts://broker.plant", ["Uplink:Tls:ClientCertificate"] = pki.ClientCertificate, ["Uplink:Tls:Cafile"] = pki.Ca });
        Assert.Contains(lines, l => l.StartsWith($"Uplink:Tls:ClientCertificate: '{pki.ClientCertificate}' (certificate and key in one file) is not a PEM certificate with its private key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_forwards_over_tls_with_a_client_certificate_and_its_status_channels_arrive()
    {
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        using var broker = new Mosquitto(pki.MosquittoListener);
        broker.Start();
        var tls = new MqttTlsOptions { CaFile = pki.Ca, ClientCertificateFile = pki.ClientCertificate, ClientKeyFile = pki.ClientKey };
        await using var subscriber = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = "tls-subscriber",
            Tls = tls,
            InboundQueueCapacity = 100_000,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("edgetwin/demo-axis/data/#", MqttQualityOfService.AtLeastOnce);

        var environment = new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = dir.Path,
            ["EDGETWIN_Uplink__Enabled"] = "true",
            ["EDGETWIN_Uplink__Broker"] = $"mqtts://127.0.0.1:{broker.Port}",
            ["EDGETWIN_Uplink__Tls__CaFile"] = pki.Ca,
            ["EDGETWIN_Uplink__Tls__ClientCertificate"] = pki.ClientCertificate,
            ["EDGETWIN_Uplink__Tls__ClientKey"] = pki.ClientKey,
        };
        var connected = new List<double>();
        var rates = new List<double>();
        var channels = new HashSet<string>();
        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            Assert.True(gateway.WaitForOutput($"Uplink connected to mqtts://127.0.0.1:{broker.Port}", TimeSpan.FromSeconds(60)), gateway.Stdout + gateway.Stderr + broker.Log);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await foreach (var m in subscriber.Messages.ReadAllAsync(deadline.Token))
                {
                    using var json = JsonDocument.Parse(m.Payload);
                    var channel = json.RootElement.GetProperty("channel").GetString()!;
                    channels.Add(channel);
                    var values = json.RootElement.GetProperty("samples").EnumerateArray().Select(s => s[1].GetDouble());
                    if (channel == "gateway/uplink/connected")
                    {
                        connected.AddRange(values);
                    }
                    else if (channel == "gateway/uplink/publish_rate")
                    {
                        rates.AddRange(values);
                    }

                    if (connected.Contains(1) && rates.Any(r => r > 0) && channels.Contains("axis1/motor/temperature"))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"within 60 s: channels {string.Join(", ", channels)}; connected {string.Join(",", connected)}; rates {string.Join(",", rates)}\n{gateway.Stdout}");
            }

            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not exit within 10 s of SIGTERM");
            Assert.Equal(0, gateway.ExitCode);
        }

        foreach (var name in new[] { "connected", "backlog_samples", "backlog_bytes", "oldest_unsent_seconds", "evicted_samples", "publish_rate" })
        {
            Assert.Contains($"gateway/uplink/{name}", channels);
        }
    }

    private static List<string> Errors(Dictionary<string, string?> overrides) =>
        [.. Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, overrides)).Errors.Select(e => e.ToString())];
}
