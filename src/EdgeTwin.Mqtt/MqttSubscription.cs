namespace EdgeTwin.Mqtt;

/// <summary>A topic filter and its subscription options (MQTT 5.0 §3.8.3.1). The option flags other than QoS are 5.0-only.</summary>
public sealed record MqttSubscription(string TopicFilter, MqttQualityOfService QoS = MqttQualityOfService.AtLeastOnce)
{
    public bool NoLocal { get; init; }
    public bool RetainAsPublished { get; init; }

    /// <summary>0 send retained on subscribe, 1 only for a new subscription, 2 never (§3.8.3.1).</summary>
    public byte RetainHandling { get; init; }
}
