using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>
/// MQTT 5.0 §2.2.2.2: each packet's property block holds only the properties defined for that packet (else Malformed
/// Packet) and each at most once, User Property aside (else Protocol Error).
/// </summary>
public sealed class PropertyBlockTests
{
    public static TheoryData<string, string, MqttReasonCode> Cases() => new()
    {
        { "CONNECT with Topic Alias", "1010" + "00044D515454" + "05" + "02" + "003C" + "03" + "230001" + "0000", MqttReasonCode.MalformedPacket },
        { "CONNECT will with Session Expiry Interval", "1018" + "00044D515454" + "05" + "06" + "003C" + "00" + "0000" + "05" + "1100000000" + "000161" + "0000", MqttReasonCode.MalformedPacket },
        { "CONNACK with Request Problem Information", "2005" + "0000" + "02" + "1701", MqttReasonCode.MalformedPacket },
        { "CONNACK with Reason String twice", "2009" + "0000" + "06" + "1F0000" + "1F0000", MqttReasonCode.ProtocolError },
        { "DISCONNECT with Authentication Method", "E005" + "00" + "03" + "150000", MqttReasonCode.MalformedPacket },
        { "DISCONNECT with Server Reference twice", "E008" + "00" + "06" + "1C0000" + "1C0000", MqttReasonCode.ProtocolError },
        { "AUTH with Session Expiry Interval", "F007" + "18" + "05" + "1100000000", MqttReasonCode.MalformedPacket },
        { "AUTH with undefined property 0x04", "F004" + "18" + "02" + "0400", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE with Reason String", "820A" + "0001" + "03" + "1F0000" + "000161" + "00", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE with Subscription Identifier twice", "820B" + "0001" + "04" + "0B01" + "0B02" + "000161" + "00", MqttReasonCode.ProtocolError },
        { "UNSUBSCRIBE with Session Expiry Interval", "A20B" + "0001" + "05" + "1100000000" + "000161", MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_property_not_defined_for_the_packet_or_repeated_is_refused_with_its_reason_code(string violation, string hex, MqttReasonCode expected)
    {
        var error = Assert.Throws<MqttProtocolException>(() => PacketCodec.Decode(Convert.FromHexString(hex), MqttProtocolVersion.V500));
        Assert.True(expected == error.ReasonCode, $"{violation}: expected {expected}, got {error.ReasonCode} ({error.Message})");

        // The property rule refused it, not some earlier fault of the hand-written bytes.
        Assert.Contains(expected == MqttReasonCode.ProtocolError ? "appears twice" : "is not defined for", error.Message);
    }

    [Fact]
    public void User_properties_may_repeat_and_keep_their_order_beside_the_packets_own_properties()
    {
        // CONNACK: Reason String "r", User Property (a, 1), Server Keep Alive 30, User Property (a, 2).
        var hex = "2018" + "0000" + "15" + "1F000172" + "26000161000131" + "13001E" + "26000161000132";
        var packet = Assert.IsType<ConnAckPacket>(PacketCodec.Decode(Convert.FromHexString(hex), MqttProtocolVersion.V500));
        Assert.Equal("r", packet.ReasonString);
        Assert.Equal((ushort)30, packet.ServerKeepAlive);
        Assert.Equal([new MqttUserProperty("a", "1"), new MqttUserProperty("a", "2")], packet.UserProperties!);
    }
}
