namespace EdgeTwin.Mqtt;

/// <summary>How to reach the broker and what to ask for in CONNECT.</summary>
public sealed record MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Empty lets the server assign one (MQTT 5.0 §3.1.3.1; 3.1.1 requires CleanStart then).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Clean Start (5.0) / Clean Session (3.1.1).</summary>
    public bool CleanStart { get; init; } = true;

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for PINGRESP before the connection counts as dead; defaults to half the keep-alive.</summary>
    public TimeSpan? PingTimeout { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public MqttWill? Will { get; init; }

    /// <summary>MQTT 5.0 §3.1.2.11.2, seconds; 0 ends the session with the connection.</summary>
    public uint SessionExpiryInterval { get; init; }

    /// <summary>Inbound QoS 1/2 publishes the server may have unacknowledged (MQTT 5.0 §3.1.2.11.3).</summary>
    public ushort ReceiveMaximum { get; init; } = 100;

    /// <summary>Largest inbound packet accepted; larger ones close the connection with 0x95 (MQTT 5.0 §3.1.2.11.4).</summary>
    public uint MaximumPacketSize { get; init; } = 1024 * 1024;

    /// <summary>Highest inbound Topic Alias accepted (MQTT 5.0 §3.1.2.11.5); 0 refuses aliases.</summary>
    public ushort TopicAliasMaximum { get; init; } = 16;

    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }

    /// <summary>Unacknowledged QoS 1/2 publishes this client keeps; the server's Receive Maximum further limits what is on the wire.</summary>
    public int MaximumInFlight { get; init; } = 100;

    public MqttTlsOptions? Tls { get; init; }

    public MqttReconnectPolicy Reconnect { get; init; } = MqttReconnectPolicy.Default;

    /// <summary>Re-establish a lost connection in the background; in-flight publishes are resent afterwards.</summary>
    public bool AutoReconnect { get; init; } = true;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Inbound messages buffered for <see cref="MqttClient.Messages"/> before the receive loop waits.</summary>
    public int InboundQueueCapacity { get; init; } = 1024;
}
