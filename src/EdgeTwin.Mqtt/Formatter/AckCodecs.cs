using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>SUBACK and UNSUBACK (MQTT 5.0 §3.9, §3.11): a Packet Identifier, properties and a reason code per filter.</summary>
internal static class AckCodecs
{
    private const byte SubAckHeader = (byte)PacketType.SubAck << 4;
    private const byte UnsubAckHeader = (byte)PacketType.UnsubAck << 4;

    public static int Encode(IBufferWriter<byte> output, SubAckPacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, SubAckHeader, packet, version, WriteSubAck);

    public static int Encode(IBufferWriter<byte> output, UnsubAckPacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, UnsubAckHeader, packet, version, WriteUnsubAck);

    private static void WriteSubAck(ref MqttBufferWriter w, in SubAckPacket p, MqttProtocolVersion version)
    {
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500)
        {
            MqttPacketWriter.WriteProperties(ref w, p, static (ref MqttBufferWriter pw, in SubAckPacket pp, MqttProtocolVersion _) =>
            {
                pw.WriteProperty(PropertyId.ReasonString, pp.ReasonString);
                pw.WriteUserProperties(pp.UserProperties);
            });
        }

        foreach (var code in p.ReasonCodes)
        {
            w.WriteByte((byte)code);
        }
    }

    private static void WriteUnsubAck(ref MqttBufferWriter w, in UnsubAckPacket p, MqttProtocolVersion version)
    {
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V311)
        {
            return;
        }

        MqttPacketWriter.WriteProperties(ref w, p, static (ref MqttBufferWriter pw, in UnsubAckPacket pp, MqttProtocolVersion _) =>
        {
            pw.WriteProperty(PropertyId.ReasonString, pp.ReasonString);
            pw.WriteUserProperties(pp.UserProperties);
        });
        foreach (var code in p.ReasonCodes)
        {
            w.WriteByte((byte)code);
        }
    }

    public static SubAckPacket DecodeSubAck(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        ExpectNoFlags(fixedHeader, "SUBACK");
        var r = new MqttBufferReader(body);
        var packet = new SubAckPacket { PacketId = ReadPacketId(ref r, "SUBACK") };
        if (version == MqttProtocolVersion.V500)
        {
            PublishResponseCodec.ReadReasonProperties(r.ReadPropertyBlock(), "SUBACK", out var reason, out var user);
            packet = packet with { ReasonString = reason, UserProperties = user };
        }

        var codes = ReadReasonCodes(ref r, "SUBACK");
        if (version == MqttProtocolVersion.V311)
        {
            foreach (var code in codes)
            {
                if (code is not (MqttReasonCode.Success or MqttReasonCode.GrantedQoS1 or MqttReasonCode.GrantedQoS2 or MqttReasonCode.UnspecifiedError))
                {
                    throw MqttProtocolException.Malformed($"SUBACK return code 0x{(byte)code:X2} is reserved (MQTT 3.1.1 §3.9.3).");
                }
            }
        }

        return packet with { ReasonCodes = codes };
    }

    public static UnsubAckPacket DecodeUnsubAck(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        ExpectNoFlags(fixedHeader, "UNSUBACK");
        var r = new MqttBufferReader(body);
        var packet = new UnsubAckPacket { PacketId = ReadPacketId(ref r, "UNSUBACK") };
        if (version == MqttProtocolVersion.V311)
        {
            r.ExpectEnd("UNSUBACK");
            return packet;
        }

        PublishResponseCodec.ReadReasonProperties(r.ReadPropertyBlock(), "UNSUBACK", out var reason, out var user);
        return packet with { ReasonString = reason, UserProperties = user, ReasonCodes = ReadReasonCodes(ref r, "UNSUBACK") };
    }

    internal static ushort ReadPacketId(ref MqttBufferReader r, string packet)
    {
        var id = r.ReadUInt16();
        return id != 0 ? id : throw MqttProtocolException.Malformed($"{packet} has Packet Identifier 0 (MQTT 5.0 §2.2.1).");
    }

    internal static void ExpectNoFlags(byte fixedHeader, string packet)
    {
        if ((fixedHeader & 0x0F) != 0)
        {
            throw MqttProtocolException.Malformed($"{packet} fixed header flags must be 0 (MQTT 5.0 §2.1.3).");
        }
    }

    private static MqttReasonCode[] ReadReasonCodes(ref MqttBufferReader r, string packet)
    {
        if (r.End)
        {
            throw MqttProtocolException.ProtocolError($"{packet} has no reason code (MQTT 5.0 §3.9.3).");
        }

        var codes = new MqttReasonCode[r.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (MqttReasonCode)r.ReadByte();
        }

        return codes;
    }
}
