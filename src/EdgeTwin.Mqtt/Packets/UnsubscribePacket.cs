namespace EdgeTwin.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (MQTT 5.0 §3.10).</summary>
internal sealed record UnsubscribePacket
{
    public ushort PacketId { get; init; }
    public IReadOnlyList<string> TopicFilters { get; init; } = [];
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
