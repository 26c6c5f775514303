namespace EdgeTwin.Mqtt.Packets;

/// <summary>
/// PUBLISH (MQTT 5.0 §3.3). A struct so the outbound hot path builds it on the stack; a decoded
/// <see cref="Payload"/> and <see cref="CorrelationData"/> point into the receive buffer and are only valid
/// until the reader advances.
/// </summary>
internal readonly record struct PublishPacket
{
    public string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QoS { get; init; }
    public bool Retain { get; init; }
    public bool Duplicate { get; init; }
    public ushort PacketId { get; init; }
    public byte? PayloadFormatIndicator { get; init; }
    public uint? MessageExpiryInterval { get; init; }
    public ushort TopicAlias { get; init; }
    public string? ResponseTopic { get; init; }
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<uint>? SubscriptionIdentifiers { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
