using EdgeTwin.Mqtt.Tests.Broker;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>TLS against mosquitto with certificates openssl made at fixture start.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class BrokerTlsTests(MosquittoFixture fixture)
{
    private MosquittoBroker Broker => fixture.Broker;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Tls_with_the_right_CA_connects_and_carries_messages(MqttProtocolVersion version)
    {
        var options = fixture.Options(version, $"tls-{Guid.NewGuid():N}") with
        {
            Port = Broker.TlsPort,
            Tls = new MqttTlsOptions { CaFile = Broker.Certificates.CaCertificate },
        };
        await using var client = new MqttClient(options);
        await client.ConnectAsync();
        var topic = $"edgetwin/tls/{Guid.NewGuid():N}";
        await client.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce);
        var result = await client.PublishAsync(topic, "over tls"u8.ToArray(), MqttQualityOfService.ExactlyOnce);
        Assert.True(result.IsSuccess);
        Assert.Equal("over tls"u8.ToArray(), (await Wait.NextAsync(client.Messages)).Payload.ToArray());
    }

    [Fact]
    public async Task Tls_with_a_different_CA_is_rejected()
    {
        var options = fixture.Options(MqttProtocolVersion.V500, $"tls-wrong-{Guid.NewGuid():N}") with
        {
            Port = Broker.TlsPort,
            Tls = new MqttTlsOptions { CaFile = Broker.Certificates.OtherCaCertificate },
        };
        await using var client = new MqttClient(options);
        var error = await Assert.ThrowsAsync<MqttConnectionException>(() => client.ConnectAsync());
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Tls_checks_the_host_name_as_well_as_the_chain()
    {
        // The server certificate names localhost and 127.0.0.1, not this name.
        var options = fixture.Options(MqttProtocolVersion.V500, $"tls-name-{Guid.NewGuid():N}") with
        {
            Port = Broker.TlsPort,
            Tls = new MqttTlsOptions { CaFile = Broker.Certificates.CaCertificate, TargetHost = "broker.example.com" },
        };
        await using var client = new MqttClient(options);
        await Assert.ThrowsAsync<MqttConnectionException>(() => client.ConnectAsync());
    }

    [Fact]
    public async Task A_client_certificate_satisfies_require_certificate()
    {
        var options = fixture.Options(MqttProtocolVersion.V500, $"mtls-{Guid.NewGuid():N}") with
        {
            Port = Broker.MutualTlsPort,
            Tls = new MqttTlsOptions
            {
                CaFile = Broker.Certificates.CaCertificate,
                ClientCertificateFile = Broker.Certificates.ClientCertificate,
                ClientKeyFile = Broker.Certificates.ClientKey,
            },
        };
        await using var client = new MqttClient(options);
        await client.ConnectAsync();
        var topic = $"edgetwin/mtls/{Guid.NewGuid():N}";
        await client.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        await client.PublishAsync(topic, "mutual"u8.ToArray());
        Assert.Equal("mutual"u8.ToArray(), (await Wait.NextAsync(client.Messages)).Payload.ToArray());
    }

    [Fact]
    public async Task Without_a_client_certificate_require_certificate_refuses()
    {
        var options = fixture.Options(MqttProtocolVersion.V500, $"mtls-none-{Guid.NewGuid():N}") with
        {
            Port = Broker.MutualTlsPort,
            Tls = new MqttTlsOptions { CaFile = Broker.Certificates.CaCertificate },
        };
        await using var client = new MqttClient(options);
        await Assert.ThrowsAsync<MqttConnectionException>(() => client.ConnectAsync());
        Assert.False(client.IsConnected);
    }
}
