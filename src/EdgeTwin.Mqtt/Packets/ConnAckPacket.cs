namespace EdgeTwin.Mqtt.Packets;

/// <summary>
/// CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2). A 3.1.1 return code is carried as its MQTT 5.0 equivalent
/// (§3.2.2.3 of 3.1.1 maps 1..5 onto 0x84..0x88 in the order the 5.0 table lists them).
/// </summary>
internal sealed record ConnAckPacket
{
    public bool SessionPresent { get; init; }
    public MqttReasonCode ReasonCode { get; init; }
    public uint? SessionExpiryInterval { get; init; }
    public ushort? ReceiveMaximum { get; init; }
    public byte? MaximumQoS { get; init; }
    public bool? RetainAvailable { get; init; }
    public uint? MaximumPacketSize { get; init; }
    public string? AssignedClientIdentifier { get; init; }
    public ushort? TopicAliasMaximum { get; init; }
    public string? ReasonString { get; init; }
    public bool? WildcardSubscriptionAvailable { get; init; }
    public bool? SubscriptionIdentifiersAvailable { get; init; }
    public bool? SharedSubscriptionAvailable { get; init; }
    public ushort? ServerKeepAlive { get; init; }
    public string? ResponseInformation { get; init; }
    public string? ServerReference { get; init; }
    public string? AuthenticationMethod { get; init; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }
    public IReadOnlyList<MqttUserProperty>? UserProperties { get; init; }
}
