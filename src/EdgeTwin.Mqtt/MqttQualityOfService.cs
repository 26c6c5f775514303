namespace EdgeTwin.Mqtt;

/// <summary>Delivery guarantee of a PUBLISH (MQTT 5.0 §4.3).</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
