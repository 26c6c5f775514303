using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8, MQTT 5.0 §3.8).</summary>
internal static class SubscribeCodec
{
    private const byte FixedHeader = ((byte)PacketType.Subscribe << 4) | 0x02;

    /// <summary>MQTT 5.0 §3.8.2.1.</summary>
    private static readonly PropertyBlock<SubscribePacket> Properties = new(
        "SUBSCRIBE",
        (PropertyId.SubscriptionIdentifier, static (p, ref r) => p with { SubscriptionIdentifier = SubscriptionIdentifier(r.ReadVariableByteInteger()) }));

    public static int Encode(IBufferWriter<byte> output, SubscribePacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, FixedHeader, packet, version, WriteBody);

    private static void WriteBody(ref MqttBufferWriter w, in SubscribePacket p, MqttProtocolVersion version)
    {
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500)
        {
            MqttPacketWriter.WriteProperties(ref w, p, WriteProperties);
        }

        foreach (var s in p.Subscriptions)
        {
            w.WriteString(s.TopicFilter);
            var options = (int)s.QoS;
            if (version == MqttProtocolVersion.V500)
            {
                options |= (s.NoLocal ? 0x04 : 0) | (s.RetainAsPublished ? 0x08 : 0) | (s.RetainHandling << 4);
            }

            w.WriteByte((byte)options);
        }
    }

    private static void WriteProperties(ref MqttBufferWriter w, in SubscribePacket p, MqttProtocolVersion _)
    {
        if (p.SubscriptionIdentifier is { } sid) w.WriteVariableByteIntegerProperty(PropertyId.SubscriptionIdentifier, (int)sid);
        w.WriteUserProperties(p.UserProperties);
    }

    public static SubscribePacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        if ((fixedHeader & 0x0F) != 0x02)
        {
            throw MqttProtocolException.Malformed("SUBSCRIBE fixed header flags must be 2 (MQTT 5.0 §3.8.1).");
        }

        var r = new MqttBufferReader(body);
        var packet = new SubscribePacket { PacketId = AckCodecs.ReadPacketId(ref r, "SUBSCRIBE") };
        if (version == MqttProtocolVersion.V500)
        {
            packet = Properties.Read(r.ReadPropertyBlock(), packet, out var user);
            packet = packet with { UserProperties = user };
        }

        var subscriptions = new List<MqttSubscription>();
        while (!r.End)
        {
            var filter = r.ReadString();
            TopicValidation.ValidateTopicFilter(filter);
            var options = r.ReadByte();
            var reservedMask = version == MqttProtocolVersion.V500 ? 0xC0 : 0xFC;
            if ((options & reservedMask) != 0 || (options & 0x03) == 3)
            {
                throw MqttProtocolException.Malformed("SUBSCRIBE options use reserved bits or QoS 3 (MQTT 5.0 §3.8.3.1).");
            }

            var retainHandling = (byte)((options >> 4) & 0x03);
            if (retainHandling == 3)
            {
                throw MqttProtocolException.ProtocolError("SUBSCRIBE Retain Handling 3 (MQTT 5.0 §3.8.3.1).");
            }

            subscriptions.Add(new MqttSubscription(filter, (MqttQualityOfService)(options & 0x03))
            {
                NoLocal = (options & 0x04) != 0,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = retainHandling,
            });
        }

        if (subscriptions.Count == 0)
        {
            throw MqttProtocolException.ProtocolError("SUBSCRIBE has no topic filter (MQTT 5.0 §3.8.3).");
        }

        return packet with { Subscriptions = subscriptions };
    }

    private static uint SubscriptionIdentifier(int value) =>
        value != 0 ? (uint)value : throw MqttProtocolException.ProtocolError("Subscription Identifier 0 (MQTT 5.0 §3.8.2.1.2).");
}
