using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 §3.10, MQTT 5.0 §3.10).</summary>
internal static class UnsubscribeCodec
{
    private const byte FixedHeader = ((byte)PacketType.Unsubscribe << 4) | 0x02;

    /// <summary>MQTT 5.0 §3.10.2.1: User Property only.</summary>
    private static readonly PropertyBlock<UnsubscribePacket> Properties = new("UNSUBSCRIBE");

    public static int Encode(IBufferWriter<byte> output, UnsubscribePacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, FixedHeader, packet, version, WriteBody);

    private static void WriteBody(ref MqttBufferWriter w, in UnsubscribePacket p, MqttProtocolVersion version)
    {
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500)
        {
            MqttPacketWriter.WriteProperties(ref w, p, static (ref MqttBufferWriter pw, in UnsubscribePacket pp, MqttProtocolVersion _) => pw.WriteUserProperties(pp.UserProperties));
        }

        foreach (var filter in p.TopicFilters)
        {
            w.WriteString(filter);
        }
    }

    public static UnsubscribePacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        if ((fixedHeader & 0x0F) != 0x02)
        {
            throw MqttProtocolException.Malformed("UNSUBSCRIBE fixed header flags must be 2 (MQTT 5.0 §3.10.1).");
        }

        var r = new MqttBufferReader(body);
        var packet = new UnsubscribePacket { PacketId = AckCodecs.ReadPacketId(ref r, "UNSUBSCRIBE") };
        if (version == MqttProtocolVersion.V500)
        {
            packet = Properties.Read(r.ReadPropertyBlock(), packet, out var user);
            packet = packet with { UserProperties = user };
        }

        var filters = new List<string>();
        while (!r.End)
        {
            var filter = r.ReadString();
            TopicValidation.ValidateTopicFilter(filter);
            filters.Add(filter);
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.ProtocolError("UNSUBSCRIBE has no topic filter (MQTT 5.0 §3.10.3).");
        }

        return packet with { TopicFilters = filters };
    }
}
