namespace EdgeTwin.Mqtt;

/// <summary>The will message the server publishes when the connection ends without a normal DISCONNECT (MQTT 5.0 §3.1.2.5).</summary>
public sealed record MqttWill
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QoS { get; init; }
    public bool Retain { get; init; }

    /// <summary>MQTT 5.0 §3.1.3.2.2: seconds the server waits before publishing the will.</summary>
    public uint DelayInterval { get; init; }

    public byte? PayloadFormatIndicator { get; init; }
    public uint? MessageExpiryInterval { get; init; }
    public string? ContentType { get; init; }
    public string? ResponseTopic { get; init; }
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
