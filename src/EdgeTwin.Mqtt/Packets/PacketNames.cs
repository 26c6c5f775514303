namespace EdgeTwin.Mqtt.Packets;

/// <summary>Spec names of packet types for messages, without boxing the enum.</summary>
internal static class PacketNames
{
    public static string Of(PacketType type) => type switch
    {
        PacketType.Connect => "CONNECT",
        PacketType.ConnAck => "CONNACK",
        PacketType.Publish => "PUBLISH",
        PacketType.PubAck => "PUBACK",
        PacketType.PubRec => "PUBREC",
        PacketType.PubRel => "PUBREL",
        PacketType.PubComp => "PUBCOMP",
        PacketType.Subscribe => "SUBSCRIBE",
        PacketType.SubAck => "SUBACK",
        PacketType.Unsubscribe => "UNSUBSCRIBE",
        PacketType.UnsubAck => "UNSUBACK",
        PacketType.PingReq => "PINGREQ",
        PacketType.PingResp => "PINGRESP",
        PacketType.Disconnect => "DISCONNECT",
        PacketType.Auth => "AUTH",
        _ => "reserved packet type 0",
    };
}
