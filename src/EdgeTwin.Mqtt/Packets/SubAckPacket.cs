namespace EdgeTwin.Mqtt.Packets;

/// <summary>SUBACK (MQTT 5.0 §3.9); a 3.1.1 failure return code 0x80 is <see cref="MqttReasonCode.UnspecifiedError"/>.</summary>
internal sealed record SubAckPacket
{
    public ushort PacketId { get; init; }
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];
    public string? ReasonString { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
