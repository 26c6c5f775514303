using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>
/// The properties one packet type may carry (MQTT 5.0 §2.2.2.2, the table of identifiers and the packets they are
/// valid in), each with how it is read into the packet. <see cref="Read"/> applies the block's rules once for every
/// packet: a property not in this table is a Malformed Packet, a repeated one a Protocol Error, and User Properties
/// (which may repeat) are collected in order.
/// </summary>
internal sealed class PropertyBlock<TPacket>
{
    public delegate TPacket ReadProperty(TPacket packet, ref MqttBufferReader reader);

    private readonly string _packet;
    private readonly ReadProperty?[] _readers = new ReadProperty?[(int)PropertyId.SharedSubscriptionAvailable + 1];

    /// <param name="packet">The packet's name in errors (e.g. "CONNECT will properties").</param>
    public PropertyBlock(string packet, params ReadOnlySpan<(PropertyId Id, ReadProperty Read)> properties)
    {
        _packet = packet;
        foreach (var (id, read) in properties)
        {
            _readers[(int)id] = read;
        }
    }

    public TPacket Read(MqttBufferReader block, TPacket packet, out IReadOnlyList<MqttUserProperty>? userProperties)
    {
        var seen = new PropertySet();
        List<MqttUserProperty>? user = null;
        while (block.TryReadPropertyId(out var id))
        {
            if (id == PropertyId.UserProperty)
            {
                PropertySet.AddUserProperty(ref user, ref block);
                continue;
            }

            seen.Add(id);
            var read = _readers[(int)id] ?? throw PropertySet.NotAllowed(id, _packet);
            packet = read(packet, ref block);
        }

        userProperties = user;
        return packet;
    }
}
