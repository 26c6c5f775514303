using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2).</summary>
internal static class ConnAckCodec
{
    private const byte FixedHeader = (byte)PacketType.ConnAck << 4;

    /// <summary>MQTT 5.0 §3.2.2.3.</summary>
    private static readonly PropertyBlock<ConnAckPacket> Properties = new(
        "CONNACK",
        (PropertyId.SessionExpiryInterval, static (p, ref r) => p with { SessionExpiryInterval = r.ReadUInt32() }),
        (PropertyId.ReceiveMaximum, static (p, ref r) => p with { ReceiveMaximum = ConnectCodec.NonZero(r.ReadUInt16(), "Receive Maximum") }),
        (PropertyId.MaximumQoS, static (p, ref r) => p with { MaximumQoS = r.ReadBooleanByte("Maximum QoS") }),
        (PropertyId.RetainAvailable, static (p, ref r) => p with { RetainAvailable = r.ReadBooleanByte("Retain Available") == 1 }),
        (PropertyId.MaximumPacketSize, static (p, ref r) => p with { MaximumPacketSize = ConnectCodec.NonZero(r.ReadUInt32(), "Maximum Packet Size") }),
        (PropertyId.AssignedClientIdentifier, static (p, ref r) => p with { AssignedClientIdentifier = r.ReadString() }),
        (PropertyId.TopicAliasMaximum, static (p, ref r) => p with { TopicAliasMaximum = r.ReadUInt16() }),
        (PropertyId.ReasonString, static (p, ref r) => p with { ReasonString = r.ReadString() }),
        (PropertyId.WildcardSubscriptionAvailable, static (p, ref r) => p with { WildcardSubscriptionAvailable = r.ReadBooleanByte("Wildcard Subscription Available") == 1 }),
        (PropertyId.SubscriptionIdentifierAvailable, static (p, ref r) => p with { SubscriptionIdentifiersAvailable = r.ReadBooleanByte("Subscription Identifiers Available") == 1 }),
        (PropertyId.SharedSubscriptionAvailable, static (p, ref r) => p with { SharedSubscriptionAvailable = r.ReadBooleanByte("Shared Subscription Available") == 1 }),
        (PropertyId.ServerKeepAlive, static (p, ref r) => p with { ServerKeepAlive = r.ReadUInt16() }),
        (PropertyId.ResponseInformation, static (p, ref r) => p with { ResponseInformation = r.ReadString() }),
        (PropertyId.ServerReference, static (p, ref r) => p with { ServerReference = r.ReadString() }),
        (PropertyId.AuthenticationMethod, static (p, ref r) => p with { AuthenticationMethod = r.ReadString() }),
        (PropertyId.AuthenticationData, static (p, ref r) => p with { AuthenticationData = r.ReadBinary() }));

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
            packet = Properties.Read(r.ReadPropertyBlock(), packet, out var user);
            packet = packet with { UserProperties = user };
        }

        r.ExpectEnd("CONNACK");
        return packet;
    }

}
