using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>DISCONNECT (MQTT 3.1.1 §3.14, MQTT 5.0 §3.14) and AUTH (MQTT 5.0 §3.15), which share the optional reason layout.</summary>
internal static class DisconnectCodec
{
    private const byte DisconnectHeader = (byte)PacketType.Disconnect << 4;
    private const byte AuthHeader = (byte)PacketType.Auth << 4;

    /// <summary>MQTT 5.0 §3.14.2.2.</summary>
    private static readonly PropertyBlock<DisconnectPacket> DisconnectProperties = new(
        "DISCONNECT",
        (PropertyId.SessionExpiryInterval, static (p, ref r) => p with { SessionExpiryInterval = r.ReadUInt32() }),
        (PropertyId.ReasonString, static (p, ref r) => p with { ReasonString = r.ReadString() }),
        (PropertyId.ServerReference, static (p, ref r) => p with { ServerReference = r.ReadString() }));

    /// <summary>MQTT 5.0 §3.15.2.2.</summary>
    private static readonly PropertyBlock<AuthPacket> AuthProperties = new(
        "AUTH",
        (PropertyId.AuthenticationMethod, static (p, ref r) => p with { AuthenticationMethod = r.ReadString() }),
        (PropertyId.AuthenticationData, static (p, ref r) => p with { AuthenticationData = r.ReadBinary() }),
        (PropertyId.ReasonString, static (p, ref r) => p with { ReasonString = r.ReadString() }));

    public static int Encode(IBufferWriter<byte> output, DisconnectPacket packet, MqttProtocolVersion version) =>
        MqttPacketWriter.Write(output, DisconnectHeader, packet, version, WriteDisconnect);

    public static int Encode(IBufferWriter<byte> output, AuthPacket packet) =>
        MqttPacketWriter.Write(output, AuthHeader, packet, MqttProtocolVersion.V500, WriteAuth);

    private static void WriteDisconnect(ref MqttBufferWriter w, in DisconnectPacket p, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return;
        }

        var hasProperties = p.SessionExpiryInterval is not null || p.ReasonString is not null || p.ServerReference is not null || p.UserProperties is { Count: > 0 };
        if (p.ReasonCode == MqttReasonCode.Success && !hasProperties)
        {
            return;
        }

        w.WriteByte((byte)p.ReasonCode);
        if (hasProperties)
        {
            MqttPacketWriter.WriteProperties(ref w, p, static (ref MqttBufferWriter pw, in DisconnectPacket pp, MqttProtocolVersion _) =>
            {
                if (pp.SessionExpiryInterval is { } sei) pw.WriteProperty(PropertyId.SessionExpiryInterval, sei);
                pw.WriteProperty(PropertyId.ReasonString, pp.ReasonString);
                pw.WriteUserProperties(pp.UserProperties);
                pw.WriteProperty(PropertyId.ServerReference, pp.ServerReference);
            });
        }
    }

    private static void WriteAuth(ref MqttBufferWriter w, in AuthPacket p, MqttProtocolVersion _)
    {
        var hasProperties = p.AuthenticationMethod is not null || p.AuthenticationData is not null || p.ReasonString is not null || p.UserProperties is { Count: > 0 };
        if (p.ReasonCode == MqttReasonCode.Success && !hasProperties)
        {
            return;
        }

        w.WriteByte((byte)p.ReasonCode);
        MqttPacketWriter.WriteProperties(ref w, p, static (ref MqttBufferWriter pw, in AuthPacket pp, MqttProtocolVersion _) =>
        {
            pw.WriteProperty(PropertyId.AuthenticationMethod, pp.AuthenticationMethod);
            pw.WriteProperty(PropertyId.AuthenticationData, pp.AuthenticationData);
            pw.WriteProperty(PropertyId.ReasonString, pp.ReasonString);
            pw.WriteUserProperties(pp.UserProperties);
        });
    }

    public static DisconnectPacket DecodeDisconnect(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        AckCodecs.ExpectNoFlags(fixedHeader, "DISCONNECT");
        var r = new MqttBufferReader(body);
        var packet = new DisconnectPacket { ReasonCode = MqttReasonCode.Success };
        if (version == MqttProtocolVersion.V311 || r.End)
        {
            r.ExpectEnd("DISCONNECT");
            return packet;
        }

        packet = packet with { ReasonCode = (MqttReasonCode)r.ReadByte() };
        if (r.End)
        {
            return packet;
        }

        var props = r.ReadPropertyBlock();
        r.ExpectEnd("DISCONNECT");
        packet = DisconnectProperties.Read(props, packet, out var user);
        return packet with { UserProperties = user };
    }

    public static AuthPacket DecodeAuth(byte fixedHeader, ReadOnlyMemory<byte> body, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            throw MqttProtocolException.Malformed("Packet type 15 is reserved in MQTT 3.1.1 (§2.2.1).");
        }

        AckCodecs.ExpectNoFlags(fixedHeader, "AUTH");
        var r = new MqttBufferReader(body);
        var packet = new AuthPacket { ReasonCode = MqttReasonCode.Success };
        if (r.End)
        {
            return packet;
        }

        packet = packet with { ReasonCode = (MqttReasonCode)r.ReadByte() };
        var props = r.ReadPropertyBlock();
        r.ExpectEnd("AUTH");
        packet = AuthProperties.Read(props, packet, out var user);
        return packet with { UserProperties = user };
    }
}
