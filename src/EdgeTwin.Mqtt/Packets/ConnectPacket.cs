namespace EdgeTwin.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 §3.1, MQTT 5.0 §3.1). Properties are ignored when encoding for 3.1.1.</summary>
internal sealed record ConnectPacket
{
    public MqttProtocolVersion Version { get; init; } = MqttProtocolVersion.V500;
    public string ClientId { get; init; } = "";
    public bool CleanStart { get; init; } = true;
    public ushort KeepAliveSeconds { get; init; }
    public string? UserName { get; init; }
    public ReadOnlyMemory<byte>? Password { get; init; }
    public MqttWill? Will { get; init; }
    public uint SessionExpiryInterval { get; init; }
    public ushort? ReceiveMaximum { get; init; }
    public uint? MaximumPacketSize { get; init; }
    public ushort TopicAliasMaximum { get; init; }
    public bool? RequestResponseInformation { get; init; }
    public bool? RequestProblemInformation { get; init; }
    public string? AuthenticationMethod { get; init; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
