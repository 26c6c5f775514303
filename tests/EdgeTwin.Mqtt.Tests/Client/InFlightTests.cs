using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>The outbound window and the resend of unacknowledged publishes, observed on the wire of a scripted server.</summary>
public sealed class InFlightTests
{
    [Fact]
    public async Task No_more_publishes_are_unacknowledged_than_the_server_Receive_Maximum()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server));
        // CONNACK with Receive Maximum 2 (MQTT 5.0 §3.2.2.3.3).
        var accept = server.AcceptAsync([0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x02]);
        var connected = await client.ConnectAsync();
        await accept;
        Assert.Equal(2, connected.ReceiveMaximum);

        var publishes = Enumerable.Range(0, 5).Select(i => client.PublishAsync("t", Encoding.UTF8.GetBytes($"m{i}")).AsTask()).ToArray();
        var first = await server.ExpectPacketAsync();
        var second = await server.ExpectPacketAsync();
        Assert.True(await server.SilentForAsync(TimeSpan.FromMilliseconds(300)), "a third PUBLISH was sent before any PUBACK");

        var seen = new List<(byte Header, byte[] Body)> { first, second };
        await server.SendAsync(PubAck(PacketId(first)));
        seen.Add(await server.ExpectPacketAsync());
        Assert.True(await server.SilentForAsync(TimeSpan.FromMilliseconds(200)));
        foreach (var packet in seen.Skip(1).ToList())
        {
            await server.SendAsync(PubAck(PacketId(packet)));
            seen.Add(await server.ExpectPacketAsync(TimeSpan.FromSeconds(5)));
            if (seen.Count == 5)
            {
                break;
            }
        }

        foreach (var packet in seen.Skip(3))
        {
            await server.SendAsync(PubAck(PacketId(packet)));
        }

        Assert.All(await Wait.WithTimeout(Task.WhenAll(publishes)), r => Assert.Equal(MqttReasonCode.Success, r.ReasonCode));
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], seen.Select(Payload));
        Assert.Equal(5, seen.Select(PacketId).Distinct().Count());
    }

    [Fact]
    public async Task After_a_reconnect_with_session_the_QoS1_publish_is_resent_with_DUP_and_the_QoS2_flow_resumes_at_PUBREL()
    {
        await using var server = new FakeServer();
        var options = Options(server) with { CleanStart = false, SessionExpiryInterval = 600, AutoReconnect = true };
        await using var client = new MqttClient(options);
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;

        var atLeastOnce = client.PublishAsync("t", "one"u8.ToArray(), MqttQualityOfService.AtLeastOnce).AsTask();
        var exactlyOnce = client.PublishAsync("t", "two"u8.ToArray(), MqttQualityOfService.ExactlyOnce).AsTask();
        var publish1 = await server.ExpectPacketAsync();
        var publish2 = await server.ExpectPacketAsync();
        Assert.Equal(0x32, publish1.Header);
        Assert.Equal(0x34, publish2.Header);
        await server.SendAsync([0x50, 0x02, .. Id(PacketId(publish2))]);
        var pubrel = await server.ExpectPacketAsync();
        Assert.Equal(0x62, pubrel.Header);

        // The broker "crashes" before acknowledging; the session survives on its side (Session Present = 1).
        server.DropClient();
        var connect = await server.AcceptAsync([0x20, 0x03, 0x01, 0x00, 0x00]);
        Assert.Equal(0, connect[7] & 0x02); // Clean Start 0 (MQTT 5.0 §3.1.2.4).

        var resent = await server.ExpectPacketAsync();
        var resentRel = await server.ExpectPacketAsync();
        Assert.Equal(0x3A, resent.Header); // PUBLISH, DUP, QoS 1 (MQTT 5.0 §3.3.1.1).
        Assert.Equal(PacketId(publish1), PacketId(resent));
        Assert.Equal("one", Payload(resent));
        Assert.Equal(0x62, resentRel.Header); // PUBREL, not the message again (§4.4).
        Assert.Equal(PacketId(publish2), PacketId(resentRel));
        Assert.False(atLeastOnce.IsCompleted);
        Assert.False(exactlyOnce.IsCompleted);

        await server.SendAsync(PubAck(PacketId(resent)));
        await server.SendAsync([0x70, 0x02, .. Id(PacketId(resentRel))]);
        Assert.True((await Wait.WithTimeout(atLeastOnce)).IsSuccess);
        Assert.True((await Wait.WithTimeout(exactlyOnce)).IsSuccess);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task A_failure_reason_in_PUBACK_completes_the_publish_with_that_reason()
    {
        await using var server = new FakeServer();
        await using var client = new MqttClient(Options(server));
        var accept = server.AcceptAsync(FakeServer.ConnAck(MqttProtocolVersion.V500));
        await client.ConnectAsync();
        await accept;
        var publish = client.PublishAsync("t", "x"u8.ToArray()).AsTask();
        var packet = await server.ExpectPacketAsync();
        await server.SendAsync([0x40, 0x03, .. Id(PacketId(packet)), 0x87]);
        var result = await Wait.WithTimeout(publish);
        Assert.False(result.IsSuccess);
        Assert.Equal(MqttReasonCode.NotAuthorized, result.ReasonCode);
    }

    private static MqttClientOptions Options(FakeServer server) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        ClientId = "inflight-test",
        AutoReconnect = false,
        Reconnect = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private static byte[] Id(ushort id) => [(byte)(id >> 8), (byte)id];

    private static byte[] PubAck(ushort id) => [0x40, 0x02, .. Id(id)];

    /// <summary>Packet id of a PUBLISH (after the topic) or of an acknowledgement (first two bytes).</summary>
    private static ushort PacketId((byte Header, byte[] Body) packet) =>
        (packet.Header >> 4) == 3
            ? BinaryPrimitives.ReadUInt16BigEndian(packet.Body.AsSpan(2 + BinaryPrimitives.ReadUInt16BigEndian(packet.Body)))
            : BinaryPrimitives.ReadUInt16BigEndian(packet.Body);

    /// <summary>Payload of a 5.0 QoS&gt;0 PUBLISH with an empty property block.</summary>
    private static string Payload((byte Header, byte[] Body) packet)
    {
        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Body);
        return Encoding.UTF8.GetString(packet.Body.AsSpan(2 + topicLength + 2 + 1));
    }
}
