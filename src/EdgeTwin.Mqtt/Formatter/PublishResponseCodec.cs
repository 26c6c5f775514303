using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5.0 §3.4–§3.7; 3.1.1 §3.4–§3.7 carry only the Packet Identifier).</summary>
internal static class PublishResponseCodec
{
    public static int Encode(IBufferWriter<byte> output, in PublishResponsePacket packet, MqttProtocolVersion version)
    {
        var header = (byte)((int)packet.Type << 4 | (packet.Type == PacketType.PubRel ? 0x02 : 0));
        return MqttPacketWriter.Write(output, header, packet, version, WriteBody);
    }

    private static void WriteBody(ref MqttBufferWriter w, in PublishResponsePacket p, MqttProtocolVersion version)
    {
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V311)
        {
            return;
        }

        // §3.4.2.1: Success without properties may be sent as just the Packet Identifier.
        var hasProperties = p.ReasonString is not null || p.UserProperties is { Count: > 0 };
        if (p.ReasonCode == MqttReasonCode.Success && !hasProperties)
        {
            return;
        }

        w.WriteByte((byte)p.ReasonCode);
        if (hasProperties)
        {
            MqttPacketWriter.WriteProperties(ref w, p, WriteProperties);
        }
    }

    private static void WriteProperties(ref MqttBufferWriter w, in PublishResponsePacket p, MqttProtocolVersion _)
    {
        w.WriteProperty(PropertyId.ReasonString, p.ReasonString);
        w.WriteUserProperties(p.UserProperties);
    }

    public static PublishResponsePacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        var type = (PacketType)(fixedHeader >> 4);
        var expectedFlags = type == PacketType.PubRel ? 0x02 : 0;
        if ((fixedHeader & 0x0F) != expectedFlags)
        {
            throw MqttProtocolException.Malformed($"{PacketNames.Of(type)} fixed header flags must be {expectedFlags} (MQTT 5.0 §2.1.3).");
        }

        var r = new MqttBufferReader(body);
        var packetId = r.ReadUInt16();
        if (packetId == 0)
        {
            throw MqttProtocolException.Malformed($"{PacketNames.Of(type)} has Packet Identifier 0 (MQTT 5.0 §2.2.1).");
        }

        var packet = new PublishResponsePacket { Type = type, PacketId = packetId, ReasonCode = MqttReasonCode.Success };
        if (version == MqttProtocolVersion.V500 && !r.End)
        {
            packet = packet with { ReasonCode = (MqttReasonCode)r.ReadByte() };
            if (!r.End)
            {
                ReadReasonProperties(r.ReadPropertyBlock(), PacketNames.Of(type), out var reason, out var user);
                packet = packet with { ReasonString = reason, UserProperties = user };
            }
        }

        r.ExpectEnd(PacketNames.Of(type));
        return packet;
    }

    /// <summary>The property set shared by the acknowledgements: Reason String and User Property only.</summary>
    public static void ReadReasonProperties(MqttBufferReader props, string packet, out string? reasonString, out List<MqttUserProperty>? user)
    {
        var seen = new PropertySet();
        reasonString = null;
        user = null;
        while (props.TryReadPropertyId(out var id))
        {
            switch (id)
            {
                case PropertyId.UserProperty:
                    PropertySet.AddUserProperty(ref user, ref props);
                    break;
                case PropertyId.ReasonString:
                    seen.Add(id);
                    reasonString = props.ReadString();
                    break;
                default:
                    throw PropertySet.NotAllowed(id, packet);
            }
        }
    }
}
