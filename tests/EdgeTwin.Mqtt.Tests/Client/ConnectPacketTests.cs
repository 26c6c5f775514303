using System.Text;
using EdgeTwin.Mqtt.Formatter;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>What the client puts on the wire for CONNECT and DISCONNECT, decoded by the server side of the codec.</summary>
public sealed class ConnectPacketTests
{
    [Fact]
    public async Task Options_become_the_CONNECT_fields_and_5_0_properties()
    {
        await using var server = new FakeServer();
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            ClientId = "gateway-7",
            CleanStart = false,
            KeepAlive = TimeSpan.FromSeconds(45),
            UserName = "user",
            Password = "pässword",
            SessionExpiryInterval = 3600,
            ReceiveMaximum = 32,
            MaximumPacketSize = 65_536,
            TopicAliasMaximum = 10,
            UserProperties = [new("site", "hall 3")],
            Will = new MqttWill { Topic = "gw/7/status", Payload = "offline"u8.ToArray(), QoS = MqttQualityOfService.AtLeastOnce, Retain = true, DelayInterval = 5 },
            AutoReconnect = false,
        };
        await using var client = new MqttClient(options);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        var body = await accept;

        var connect = ConnectCodec.Decode(0x10, body);
        Assert.Equal(MqttProtocolVersion.V500, connect.Version);
        Assert.Equal("gateway-7", connect.ClientId);
        Assert.False(connect.CleanStart);
        Assert.Equal(45, connect.KeepAliveSeconds);
        Assert.Equal("user", connect.UserName);
        Assert.Equal("pässword", Encoding.UTF8.GetString(connect.Password!.Value.Span));
        Assert.Equal(3600u, connect.SessionExpiryInterval);
        Assert.Equal((ushort)32, connect.ReceiveMaximum);
        Assert.Equal(65_536u, connect.MaximumPacketSize);
        Assert.Equal(10, connect.TopicAliasMaximum);
        Assert.Equal([new MqttUserProperty("site", "hall 3")], connect.UserProperties!);
        Assert.Equal("gw/7/status", connect.Will!.Topic);
        Assert.Equal("offline", Encoding.UTF8.GetString(connect.Will.Payload.Span));
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.Will.QoS);
        Assert.True(connect.Will.Retain);
        Assert.Equal(5u, connect.Will.DelayInterval);
    }

    [Fact]
    public async Task DisconnectAsync_sends_the_reason_in_5_0()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = server.Port, ClientId = "bye", AutoReconnect = false });
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;

        await client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage);

        var sent = await server.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
        var disconnect = Assert.Single(sent);
        Assert.Equal(0xE0, disconnect.Header);
        Assert.Equal(new byte[] { 0x04 }, disconnect.Body);
    }

    [Fact]
    public async Task Publishing_before_connecting_fails_instead_of_waiting_forever()
    {
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = 1 });
        await Assert.ThrowsAsync<MqttConnectionException>(() => client.PublishAsync("t", "x"u8.ToArray()).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(async () => await client.PublishAsync("a/+/b", "x"u8.ToArray()));
        Assert.Equal(0, client.InFlightCount);
    }
}
