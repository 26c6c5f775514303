namespace EdgeTwin.Mqtt.Packets;

/// <summary>SUBSCRIBE (MQTT 5.0 §3.8).</summary>
internal sealed record SubscribePacket
{
    public ushort PacketId { get; init; }
    public IReadOnlyList<MqttSubscription> Subscriptions { get; init; } = [];
    public uint? SubscriptionIdentifier { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
