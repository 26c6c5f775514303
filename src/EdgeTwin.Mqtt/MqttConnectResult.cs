namespace EdgeTwin.Mqtt;

/// <summary>What the server granted in CONNACK (MQTT 5.0 §3.2.2.3); 3.1.1 servers get the protocol defaults.</summary>
public sealed record MqttConnectResult
{
    public bool SessionPresent { get; init; }

    public string? AssignedClientIdentifier { get; init; }

    /// <summary>QoS 1/2 publishes the server accepts unacknowledged; 65,535 when not stated.</summary>
    public ushort ReceiveMaximum { get; init; } = ushort.MaxValue;

    public uint MaximumPacketSize { get; init; } = uint.MaxValue;

    public MqttQualityOfService MaximumQoS { get; init; } = MqttQualityOfService.ExactlyOnce;

    public bool RetainAvailable { get; init; } = true;

    /// <summary>Server Keep Alive (§3.2.2.3.14) when the server overrode the requested one.</summary>
    public TimeSpan? ServerKeepAlive { get; init; }

    public uint? SessionExpiryInterval { get; init; }
}
