namespace EdgeTwin.Mqtt;

/// <summary>A name/value pair carried in MQTT 5.0 properties (§3.1.2.11.8); order and duplicates are significant.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
