namespace EdgeTwin.Mqtt;

/// <summary>
/// Outcome of a QoS 1/2 publish: the reason code of PUBACK (QoS 1) or of PUBREC/PUBCOMP (QoS 2), MQTT 5.0 §3.4.2.1.
/// MQTT 3.1.1 acknowledgements carry no code and always succeed.
/// </summary>
public readonly record struct MqttPublishResult(MqttReasonCode ReasonCode, string? ReasonString = null)
{
    /// <summary>Codes below 0x80 (including 0x10 No matching subscribers) mean the server took the message.</summary>
    public bool IsSuccess => (byte)ReasonCode < 0x80;
}
