using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2).</summary>
internal static class ConnAckCodec
{
    private const byte FixedHeader = (byte)PacketType.ConnAck << 4;

    /// <summary>MQTT 3.1.1 §3.2.2.3 return codes 1..5, as their MQTT 5.0 reason codes.</summary>
    private static readonly MqttReasonCode[] V311ReturnCodes =
    [
        MqttReasonCode.Success,
        MqttReasonCode.UnsupportedProtocolVersion,
        MqttReasonCode.ClientIdentifierNotValid,
        MqttReasonCode.ServerUnavailable,
        MqttReasonCode.BadUserNameOrPassword,
        MqttReasonCode.NotAuthorized,
    ];

    public static int Encode(IBufferWriter<byte> output, ConnAckPacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, FixedHeader, packet, version, WriteBody);

    private static void WriteBody(ref MqttBufferWriter w, in ConnAckPacket p, MqttProtocolVersion version)
    {
        w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
        if (version == MqttProtocolVersion.V311)
        {
            var code = Array.IndexOf(V311ReturnCodes, p.ReasonCode);
            if (code < 0)
            {
                throw new ArgumentException($"Reason code {p.ReasonCode} has no MQTT 3.1.1 CONNACK return code.", nameof(p));
            }

            w.WriteByte((byte)code);
            return;
        }

        w.WriteByte((byte)p.ReasonCode);
        MqttPacketWriter.WriteProperties(ref w, p, WriteProperties);
    }

    private static void WriteProperties(ref MqttBufferWriter w, in ConnAckPacket p, MqttProtocolVersion _)
    {
        if (p.SessionExpiryInterval is { } sei) w.WriteProperty(PropertyId.SessionExpiryInterval, sei);
        if (p.ReceiveMaximum is { } rm) w.WriteProperty(PropertyId.ReceiveMaximum, rm);
        if (p.MaximumQoS is { } mq) w.WriteProperty(PropertyId.MaximumQoS, mq);
        if (p.RetainAvailable is { } ra) w.WriteProperty(PropertyId.RetainAvailable, ra ? (byte)1 : (byte)0);
        if (p.MaximumPacketSize is { } mps) w.WriteProperty(PropertyId.MaximumPacketSize, mps);
        w.WriteProperty(PropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier);
        if (p.TopicAliasMaximum is { } tam) w.WriteProperty(PropertyId.TopicAliasMaximum, tam);
        w.WriteProperty(PropertyId.ReasonString, p.ReasonString);
        w.WriteUserProperties(p.UserProperties);
        if (p.WildcardSubscriptionAvailable is { } wsa) w.WriteProperty(PropertyId.WildcardSubscriptionAvailable, wsa ? (byte)1 : (byte)0);
        if (p.SubscriptionIdentifiersAvailable is { } sia) w.WriteProperty(PropertyId.SubscriptionIdentifierAvailable, sia ? (byte)1 : (byte)0);
        if (p.SharedSubscriptionAvailable is { } ssa) w.WriteProperty(PropertyId.SharedSubscriptionAvailable, ssa ? (byte)1 : (byte)0);
        if (p.ServerKeepAlive is { } ska) w.WriteProperty(PropertyId.ServerKeepAlive, ska);
        w.WriteProperty(PropertyId.ResponseInformation, p.ResponseInformation);
        w.WriteProperty(PropertyId.ServerReference, p.ServerReference);
        w.WriteProperty(PropertyId.AuthenticationMethod, p.AuthenticationMethod);
        w.WriteProperty(PropertyId.AuthenticationData, p.AuthenticationData);
    }

    public static ConnAckPacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        if ((fixedHeader & 0x0F) != 0)
        {
            throw MqttProtocolException.Malformed("CONNACK fixed header flags must be 0 (MQTT 5.0 §2.1.3).");
        }

        var r = new MqttBufferReader(body);
        var flags = r.ReadByte();
        if ((flags & 0xFE) != 0)
        {
            throw MqttProtocolException.Malformed("CONNACK acknowledge flags 7..1 are reserved (MQTT 5.0 §3.2.2.1).");
        }

        var code = r.ReadByte();
        MqttReasonCode reason;
        if (version == MqttProtocolVersion.V311)
        {
            if (code >= V311ReturnCodes.Length)
            {
                throw MqttProtocolException.Malformed($"CONNACK return code {code} is reserved (MQTT 3.1.1 §3.2.2.3).");
            }

            reason = V311ReturnCodes[code];
        }
        else
        {
            reason = (MqttReasonCode)code;
        }

        if (flags != 0 && reason != MqttReasonCode.Success)
        {
            throw MqttProtocolException.ProtocolError("A refused CONNACK must not set Session Present (MQTT 5.0 §3.2.2.1.1).");
        }

        var packet = new ConnAckPacket { SessionPresent = flags == 1, ReasonCode = reason };
        if (version == MqttProtocolVersion.V500)
        {
            packet = ReadProperties(r.ReadPropertyBlock(), packet);
        }

        r.ExpectEnd("CONNACK");
        return packet;
    }

    private static ConnAckPacket ReadProperties(MqttBufferReader props, ConnAckPacket packet)
    {
        var seen = new PropertySet();
        List<MqttUserProperty>? user = null;
        while (props.TryReadPropertyId(out var id))
        {
            if (id == PropertyId.UserProperty)
            {
                PropertySet.AddUserProperty(ref user, ref props);
                continue;
            }

            seen.Add(id);
            packet = id switch
            {
                PropertyId.SessionExpiryInterval => packet with { SessionExpiryInterval = props.ReadUInt32() },
                PropertyId.ReceiveMaximum => packet with { ReceiveMaximum = ConnectCodec.NonZero(props.ReadUInt16(), "Receive Maximum") },
                PropertyId.MaximumQoS => packet with { MaximumQoS = props.ReadBooleanByte("Maximum QoS") },
                PropertyId.RetainAvailable => packet with { RetainAvailable = props.ReadBooleanByte("Retain Available") == 1 },
                PropertyId.MaximumPacketSize => packet with { MaximumPacketSize = ConnectCodec.NonZero(props.ReadUInt32(), "Maximum Packet Size") },
                PropertyId.AssignedClientIdentifier => packet with { AssignedClientIdentifier = props.ReadString() },
                PropertyId.TopicAliasMaximum => packet with { TopicAliasMaximum = props.ReadUInt16() },
                PropertyId.ReasonString => packet with { ReasonString = props.ReadString() },
                PropertyId.WildcardSubscriptionAvailable => packet with { WildcardSubscriptionAvailable = props.ReadBooleanByte("Wildcard Subscription Available") == 1 },
                PropertyId.SubscriptionIdentifierAvailable => packet with { SubscriptionIdentifiersAvailable = props.ReadBooleanByte("Subscription Identifiers Available") == 1 },
                PropertyId.SharedSubscriptionAvailable => packet with { SharedSubscriptionAvailable = props.ReadBooleanByte("Shared Subscription Available") == 1 },
                PropertyId.ServerKeepAlive => packet with { ServerKeepAlive = props.ReadUInt16() },
                PropertyId.ResponseInformation => packet with { ResponseInformation = props.ReadString() },
                PropertyId.ServerReference => packet with { ServerReference = props.ReadString() },
                PropertyId.AuthenticationMethod => packet with { AuthenticationMethod = props.ReadString() },
                PropertyId.AuthenticationData => packet with { AuthenticationData = props.ReadBinary() },
                _ => throw PropertySet.NotAllowed(id, "CONNACK"),
            };
        }

        return packet with { UserProperties = user };
    }
}
