namespace EdgeTwin.Mqtt;

/// <summary>A message the server delivered to this client. The payload is a copy the receiver owns.</summary>
public sealed record MqttApplicationMessage
{
    public required string Topic { get; init; }
    public required ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QoS { get; init; }
    public bool Retain { get; init; }
    public bool Duplicate { get; init; }
    public MqttPublishProperties? Properties { get; init; }
    public IReadOnlyList<uint>? SubscriptionIdentifiers { get; init; }
}
