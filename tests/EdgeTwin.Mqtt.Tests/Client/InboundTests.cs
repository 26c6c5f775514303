using System.Text;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>Inbound flows against a scripted server: QoS 2 exactly-once, topic aliases, the server's packet size limit.</summary>
public sealed class InboundTests
{
    [Fact]
    public async Task A_redelivered_QoS2_publish_is_delivered_once_and_released_with_PUBCOMP()
    {
        await using var server = new FakeServer();
        await using var client = await ConnectAsync(server, FakeServer.ConnAck(MqttProtocolVersion.V500));

        // PUBLISH QoS 2, topic "c/1", id 5, no properties, payload "go".
        byte[] publish = [0x34, 0x0A, 0x00, 0x03, (byte)'c', (byte)'/', (byte)'1', 0x00, 0x05, 0x00, (byte)'g', (byte)'o'];
        await server.SendAsync(publish);
        Assert.Equal(new byte[] { 0x00, 0x05 }, (await Expect(server, 0x50)).Body);
        // The server did not see the PUBREC and sends the message again with DUP (MQTT 5.0 §4.3.3).
        await server.SendAsync([0x3C, .. publish[1..]]);
        Assert.Equal(new byte[] { 0x00, 0x05 }, (await Expect(server, 0x50)).Body);
        await server.SendAsync([0x62, 0x02, 0x00, 0x05]);
        Assert.Equal(new byte[] { 0x00, 0x05 }, (await Expect(server, 0x70)).Body);

        var message = await Wait.NextAsync(client.Messages);
        Assert.Equal("c/1", message.Topic);
        Assert.Equal("go", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(MqttQualityOfService.ExactlyOnce, message.QoS);
        Assert.True(await Wait.NothingAsync(client.Messages, TimeSpan.FromMilliseconds(200)));

        // After PUBREL the identifier is free: the same id is a new message (§4.3.3).
        await server.SendAsync(publish);
        await Expect(server, 0x50);
        Assert.Equal("go", Encoding.UTF8.GetString((await Wait.NextAsync(client.Messages)).Payload.Span));
    }

    [Fact]
    public async Task A_topic_alias_set_by_the_server_names_later_publishes()
    {
        await using var server = new FakeServer();
        await using var client = await ConnectAsync(server, FakeServer.ConnAck(MqttProtocolVersion.V500));

        // QoS 0 PUBLISH "s/t" with Topic Alias 3, then one with an empty topic and alias 3 (MQTT 5.0 §3.3.2.3.4).
        await server.SendAsync([0x30, 0x0A, 0x00, 0x03, (byte)'s', (byte)'/', (byte)'t', 0x03, 0x23, 0x00, 0x03, (byte)'1']);
        await server.SendAsync([0x30, 0x07, 0x00, 0x00, 0x03, 0x23, 0x00, 0x03, (byte)'2']);

        var first = await Wait.NextAsync(client.Messages);
        var second = await Wait.NextAsync(client.Messages);
        Assert.Equal(("s/t", "1"), (first.Topic, Encoding.UTF8.GetString(first.Payload.Span)));
        Assert.Equal(("s/t", "2"), (second.Topic, Encoding.UTF8.GetString(second.Payload.Span)));
    }

    [Fact]
    public async Task A_publish_larger_than_the_server_Maximum_Packet_Size_fails_without_being_sent()
    {
        await using var server = new FakeServer();
        // CONNACK with Maximum Packet Size 64 (MQTT 5.0 §3.2.2.3.6).
        await using var client = await ConnectAsync(server, [0x20, 0x08, 0x00, 0x00, 0x05, 0x27, 0x00, 0x00, 0x00, 0x40]);

        var error = await Assert.ThrowsAsync<MqttProtocolException>(() => client.PublishAsync("t", new byte[100]).AsTask());
        Assert.Equal(MqttReasonCode.PacketTooLarge, error.ReasonCode);
        Assert.Equal(0, client.InFlightCount);
        Assert.True(await server.SilentForAsync(TimeSpan.FromMilliseconds(200)));

        var small = client.PublishAsync("t", new byte[10]).AsTask();
        var packet = await server.ExpectPacketAsync();
        Assert.Equal(0x32, packet.Header);
        await server.SendAsync([0x40, 0x02, packet.Body[3], packet.Body[4]]);
        Assert.True((await Wait.WithTimeout(small)).IsSuccess);
    }

    [Fact]
    public async Task Disconnect_does_not_hang_while_the_inbound_queue_is_full()
    {
        await using var server = new FakeServer();
        await using var client = await ConnectAsync(server, FakeServer.ConnAck(MqttProtocolVersion.V500), inboundQueueCapacity: 1);
        for (var i = 0; i < 5; i++)
        {
            await server.SendAsync([0x30, 0x05, 0x00, 0x01, (byte)'q', 0x00, (byte)('0' + i)]);
        }

        await Wait.UntilAsync(() => client.Messages.Count == 1);
        await Wait.WithTimeout(client.DisconnectAsync(), TimeSpan.FromSeconds(5));
        Assert.False(client.IsConnected);
        Assert.Equal("0", Encoding.UTF8.GetString((await Wait.NextAsync(client.Messages)).Payload.Span));
    }

    private static async Task<MqttClient> ConnectAsync(FakeServer server, byte[] connAck, int inboundQueueCapacity = 1024)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            ClientId = "inbound-test",
            AutoReconnect = false,
            TopicAliasMaximum = 8,
            InboundQueueCapacity = inboundQueueCapacity,
        });
        var accept = server.AcceptAsync(connAck);
        await client.ConnectAsync();
        await accept;
        return client;
    }

    private static async Task<(byte Header, byte[] Body)> Expect(FakeServer server, byte header)
    {
        var packet = await server.ExpectPacketAsync();
        Assert.Equal(header, packet.Header);
        return packet;
    }
}
