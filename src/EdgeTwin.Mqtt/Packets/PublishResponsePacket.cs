namespace EdgeTwin.Mqtt.Packets;

/// <summary>PUBACK, PUBREC, PUBREL or PUBCOMP (MQTT 5.0 §3.4–§3.7): the four share one layout.</summary>
internal readonly record struct PublishResponsePacket
{
    public PacketType Type { get; init; }
    public ushort PacketId { get; init; }
    public MqttReasonCode ReasonCode { get; init; }
    public string? ReasonString { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
