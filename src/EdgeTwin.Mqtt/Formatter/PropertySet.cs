namespace EdgeTwin.Mqtt.Formatter;

/// <summary>
/// Tracks which properties a block held: MQTT 5.0 §2.2.2.2 makes a repeated property (other than User Property
/// and a PUBLISH Subscription Identifier) a Protocol Error.
/// </summary>
internal struct PropertySet
{
    private ulong _seen;

    public void Add(PropertyId id)
    {
        if ((byte)id > (byte)PropertyId.SharedSubscriptionAvailable)
        {
            throw MqttProtocolException.Malformed($"Property identifier 0x{(byte)id:X2} is not defined (MQTT 5.0 §2.2.2.2).");
        }

        var bit = 1UL << (int)id;
        if ((_seen & bit) != 0)
        {
            throw MqttProtocolException.ProtocolError($"Property {id} appears twice (MQTT 5.0 §2.2.2.2).");
        }

        _seen |= bit;
    }

    public static MqttProtocolException NotAllowed(PropertyId id, string packet) =>
        MqttProtocolException.Malformed($"Property 0x{(byte)id:X2} is not defined for {packet} (MQTT 5.0 §2.2.2.2).");

    public static void AddUserProperty(ref List<MqttUserProperty>? list, ref MqttBufferReader reader) =>
        (list ??= []).Add(reader.ReadUserProperty());
}
