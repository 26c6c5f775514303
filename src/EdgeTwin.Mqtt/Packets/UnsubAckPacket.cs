namespace EdgeTwin.Mqtt.Packets;

/// <summary>UNSUBACK (MQTT 5.0 §3.11). MQTT 3.1.1 has no reason codes (§3.11.3 of 3.1.1): the list is empty.</summary>
internal sealed record UnsubAckPacket
{
    public ushort PacketId { get; init; }
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];
    public string? ReasonString { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
