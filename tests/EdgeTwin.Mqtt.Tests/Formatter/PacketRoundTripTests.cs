using EdgeTwin.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>Property tests: every packet type, in both versions, decodes to what was encoded, field for field.</summary>
public sealed class PacketRoundTripTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    public static TheoryData<MqttProtocolVersion, string> Cases()
    {
        var data = new TheoryData<MqttProtocolVersion, string>();
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            foreach (var name in new[] { "CONNECT", "CONNACK", "PUBLISH", "PUBACK/PUBREC/PUBREL/PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ/PINGRESP", "DISCONNECT" })
            {
                data.Add(version, name);
            }
        }

        data.Add(MqttProtocolVersion.V500, "AUTH");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_then_decode_gives_the_same_packet(MqttProtocolVersion version, string packet)
    {
        Gen<object> gen = packet switch
        {
            "CONNECT" => PacketGenerators.Connect(version).Select(p => (object)p),
            "CONNACK" => PacketGenerators.ConnAck(version).Select(p => (object)p),
            "PUBLISH" => PacketGenerators.Publish(version).Select(p => (object)p),
            "PUBACK/PUBREC/PUBREL/PUBCOMP" => PacketGenerators.PublishResponse(version).Select(p => (object)p),
            "SUBSCRIBE" => PacketGenerators.Subscribe(version).Select(p => (object)p),
            "SUBACK" => PacketGenerators.SubAck(version).Select(p => (object)p),
            "UNSUBSCRIBE" => PacketGenerators.Unsubscribe(version).Select(p => (object)p),
            "UNSUBACK" => PacketGenerators.UnsubAck(version).Select(p => (object)p),
            "PINGREQ/PINGRESP" => Gen.Elements<object>(PacketType.PingReq, PacketType.PingResp),
            "DISCONNECT" => PacketGenerators.Disconnect(version).Select(p => (object)p),
            "AUTH" => PacketGenerators.Auth.Select(p => (object)p),
            _ => throw new ArgumentOutOfRangeException(nameof(packet)),
        };

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), original =>
        {
            var bytes = PacketCodec.Encode(original, version);
            var decoded = PacketCodec.Decode(bytes, version);
            Assert.Equal(PacketDescription.Of(original), PacketDescription.Of(decoded));
            Assert.Equal(bytes, PacketCodec.Encode(decoded, version));
        }));
    }

    [Fact]
    public void A_3_1_1_acknowledgement_is_just_the_packet_identifier()
    {
        var bytes = PacketCodec.Encode(new PublishResponsePacket { Type = PacketType.PubAck, PacketId = 0x1234, ReasonCode = MqttReasonCode.Success }, MqttProtocolVersion.V311);
        Assert.Equal(new byte[] { 0x40, 0x02, 0x12, 0x34 }, bytes);
    }

    [Fact]
    public void A_5_0_success_acknowledgement_without_properties_omits_the_reason_code()
    {
        // MQTT 5.0 §3.4.2.1: Remaining Length 2 means Success with no properties.
        var bytes = PacketCodec.Encode(new PublishResponsePacket { Type = PacketType.PubRel, PacketId = 7, ReasonCode = MqttReasonCode.Success }, MqttProtocolVersion.V500);
        Assert.Equal(new byte[] { 0x62, 0x02, 0x00, 0x07 }, bytes);
    }

    [Fact]
    public void Connect_3_1_1_matches_the_spec_example()
    {
        // MQTT 3.1.1 §3.1.2.10 example layout: "MQTT", level 4, flags, keep alive; then the client id.
        var bytes = PacketCodec.Encode(new ConnectPacket { Version = MqttProtocolVersion.V311, ClientId = "c", CleanStart = true, KeepAliveSeconds = 10 }, MqttProtocolVersion.V311);
        Assert.Equal(new byte[] { 0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 10, 0, 1, (byte)'c' }, bytes);
    }
}
