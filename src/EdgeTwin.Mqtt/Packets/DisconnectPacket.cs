namespace EdgeTwin.Mqtt.Packets;

/// <summary>DISCONNECT (MQTT 5.0 §3.14). In 3.1.1 the packet has no variable header and the reason is always Success.</summary>
internal sealed record DisconnectPacket
{
    public MqttReasonCode ReasonCode { get; init; }
    public uint? SessionExpiryInterval { get; init; }
    public string? ReasonString { get; init; }
    public string? ServerReference { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
