using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>PUBLISH (MQTT 3.1.1 §3.3, MQTT 5.0 §3.3). The payload is written straight from the caller's memory.</summary>
internal static class PublishCodec
{
    public static int Encode(IBufferWriter<byte> output, in PublishPacket packet, MqttProtocolVersion version, uint maximumPacketSize = uint.MaxValue)
    {
        var header = ((int)PacketType.Publish << 4) | ((int)packet.QoS << 1);
        if (packet.Duplicate) header |= 0x08;
        if (packet.Retain) header |= 0x01;
        return MqttPacketWriter.Write(output, (byte)header, packet, version, WriteBody, maximumPacketSize);
    }

    private static void WriteBody(ref MqttBufferWriter w, in PublishPacket p, MqttProtocolVersion version)
    {
        w.WriteString(p.Topic);
        if (p.QoS != MqttQualityOfService.AtMostOnce)
        {
            w.WriteUInt16(p.PacketId);
        }

        if (version == MqttProtocolVersion.V500)
        {
            MqttPacketWriter.WriteProperties(ref w, p, WriteProperties);
        }

        w.WriteRaw(p.Payload.Span);
    }

    private static void WriteProperties(ref MqttBufferWriter w, in PublishPacket p, MqttProtocolVersion _)
    {
        if (p.PayloadFormatIndicator is { } pfi) w.WriteProperty(PropertyId.PayloadFormatIndicator, pfi);
        if (p.MessageExpiryInterval is { } mei) w.WriteProperty(PropertyId.MessageExpiryInterval, mei);
        if (p.TopicAlias != 0) w.WriteProperty(PropertyId.TopicAlias, p.TopicAlias);
        w.WriteProperty(PropertyId.ResponseTopic, p.ResponseTopic);
        w.WriteProperty(PropertyId.CorrelationData, p.CorrelationData);
        w.WriteUserProperties(p.UserProperties);
        if (p.SubscriptionIdentifiers is { } ids)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                w.WriteVariableByteIntegerProperty(PropertyId.SubscriptionIdentifier, (int)ids[i]);
            }
        }

        w.WriteProperty(PropertyId.ContentType, p.ContentType);
    }

    public static PublishPacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        var qos = (fixedHeader >> 1) & 0x03;
        if (qos == 3)
        {
            throw MqttProtocolException.Malformed("PUBLISH QoS bits are 3 (MQTT 5.0 §3.3.1.2).");
        }

        var duplicate = (fixedHeader & 0x08) != 0;
        if (duplicate && qos == 0)
        {
            throw MqttProtocolException.Malformed("A QoS 0 PUBLISH has DUP set (MQTT 5.0 §3.3.1.1).");
        }

        var r = new MqttBufferReader(body);
        var topic = r.ReadString();
        ushort packetId = 0;
        if (qos > 0)
        {
            packetId = r.ReadUInt16();
            if (packetId == 0)
            {
                throw MqttProtocolException.Malformed("A QoS > 0 PUBLISH has Packet Identifier 0 (MQTT 5.0 §2.2.1).");
            }
        }

        var packet = new PublishPacket
        {
            Topic = topic,
            QoS = (MqttQualityOfService)qos,
            Duplicate = duplicate,
            Retain = (fixedHeader & 0x01) != 0,
            PacketId = packetId,
        };
        if (version == MqttProtocolVersion.V500)
        {
            packet = ReadProperties(r.ReadPropertyBlock(), packet);
        }

        if (topic.Length == 0)
        {
            if (version == MqttProtocolVersion.V311)
            {
                throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "A PUBLISH topic name must not be empty (MQTT 3.1.1 §4.7.3).");
            }

            if (packet.TopicAlias == 0)
            {
                throw MqttProtocolException.ProtocolError("A PUBLISH with an empty topic name carries no Topic Alias (MQTT 5.0 §3.3.2.3.4).");
            }
        }
        else
        {
            TopicValidation.ValidateTopicName(topic);
        }

        return packet with { Payload = r.ReadToEnd() };
    }

    private static PublishPacket ReadProperties(MqttBufferReader props, PublishPacket packet)
    {
        var seen = new PropertySet();
        List<MqttUserProperty>? user = null;
        List<uint>? subscriptionIds = null;
        while (props.TryReadPropertyId(out var id))
        {
            switch (id)
            {
                case PropertyId.UserProperty:
                    PropertySet.AddUserProperty(ref user, ref props);
                    continue;
                case PropertyId.SubscriptionIdentifier:
                    var sid = props.ReadVariableByteInteger();
                    if (sid == 0)
                    {
                        throw MqttProtocolException.ProtocolError("Subscription Identifier 0 (MQTT 5.0 §3.3.2.3.8).");
                    }

                    (subscriptionIds ??= []).Add((uint)sid);
                    continue;
            }

            seen.Add(id);
            packet = id switch
            {
                PropertyId.PayloadFormatIndicator => packet with { PayloadFormatIndicator = props.ReadBooleanByte("Payload Format Indicator") },
                PropertyId.MessageExpiryInterval => packet with { MessageExpiryInterval = props.ReadUInt32() },
                PropertyId.TopicAlias => packet with { TopicAlias = TopicAlias(props.ReadUInt16()) },
                PropertyId.ResponseTopic => packet with { ResponseTopic = ResponseTopic(props.ReadString()) },
                PropertyId.CorrelationData => packet with { CorrelationData = props.ReadBinary() },
                PropertyId.ContentType => packet with { ContentType = props.ReadString() },
                _ => throw PropertySet.NotAllowed(id, "PUBLISH"),
            };
        }

        return packet with { UserProperties = user, SubscriptionIdentifiers = subscriptionIds };
    }

    private static ushort TopicAlias(ushort alias) =>
        alias != 0 ? alias : throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "Topic Alias 0 (MQTT 5.0 §3.3.2.3.4).");

    private static string ResponseTopic(string topic)
    {
        TopicValidation.ValidateTopicName(topic);
        return topic;
    }
}
