namespace EdgeTwin.Mqtt.Packets;

/// <summary>AUTH (MQTT 5.0 §3.15), only defined in 5.0.</summary>
internal sealed record AuthPacket
{
    public MqttReasonCode ReasonCode { get; init; }
    public string? AuthenticationMethod { get; init; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }
    public string? ReasonString { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
