namespace EdgeTwin.Mqtt;

/// <summary>Optional MQTT 5.0 PUBLISH properties (§3.3.2.3); ignored on a 3.1.1 connection.</summary>
public sealed record MqttPublishProperties
{
    public byte? PayloadFormatIndicator { get; init; }
    public uint? MessageExpiryInterval { get; init; }
    public string? ContentType { get; init; }
    public string? ResponseTopic { get; init; }
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
