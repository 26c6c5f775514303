using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>CONNECT (MQTT 3.1.1 §3.1, MQTT 5.0 §3.1). The version comes from the packet itself.</summary>
internal static class ConnectCodec
{
    private const byte FixedHeader = (byte)PacketType.Connect << 4;

    /// <summary>MQTT 5.0 §3.1.2.11.</summary>
    private static readonly PropertyBlock<ConnectPacket> Properties = new(
        "CONNECT",
        (PropertyId.SessionExpiryInterval, static (p, ref r) => p with { SessionExpiryInterval = r.ReadUInt32() }),
        (PropertyId.ReceiveMaximum, static (p, ref r) => p with { ReceiveMaximum = NonZero(r.ReadUInt16(), "Receive Maximum") }),
        (PropertyId.MaximumPacketSize, static (p, ref r) => p with { MaximumPacketSize = NonZero(r.ReadUInt32(), "Maximum Packet Size") }),
        (PropertyId.TopicAliasMaximum, static (p, ref r) => p with { TopicAliasMaximum = r.ReadUInt16() }),
        (PropertyId.RequestResponseInformation, static (p, ref r) => p with { RequestResponseInformation = r.ReadBooleanByte("Request Response Information") == 1 }),
        (PropertyId.RequestProblemInformation, static (p, ref r) => p with { RequestProblemInformation = r.ReadBooleanByte("Request Problem Information") == 1 }),
        (PropertyId.AuthenticationMethod, static (p, ref r) => p with { AuthenticationMethod = r.ReadString() }),
        (PropertyId.AuthenticationData, static (p, ref r) => p with { AuthenticationData = r.ReadBinary() }));

    /// <summary>MQTT 5.0 §3.1.3.2.</summary>
    private static readonly PropertyBlock<MqttWill> WillProperties = new(
        "CONNECT will properties",
        (PropertyId.WillDelayInterval, static (w, ref r) => w with { DelayInterval = r.ReadUInt32() }),
        (PropertyId.PayloadFormatIndicator, static (w, ref r) => w with { PayloadFormatIndicator = r.ReadBooleanByte("Payload Format Indicator") }),
        (PropertyId.MessageExpiryInterval, static (w, ref r) => w with { MessageExpiryInterval = r.ReadUInt32() }),
        (PropertyId.ContentType, static (w, ref r) => w with { ContentType = r.ReadString() }),
        (PropertyId.ResponseTopic, static (w, ref r) => w with { ResponseTopic = ValidatedTopic(r.ReadString()) }),
        (PropertyId.CorrelationData, static (w, ref r) => w with { CorrelationData = r.ReadBinary() }));

    public static int Encode(IBufferWriter<byte> output, ConnectPacket packet)
    {
        if (packet.Version == MqttProtocolVersion.V311 && packet.Password is not null && packet.UserName is null)
        {
            throw new ArgumentException("MQTT 3.1.1 §3.1.2.9 forbids a password without a user name.", nameof(packet));
        }

        return MqttPacketWriter.Write(output, FixedHeader, packet, packet.Version, WriteBody);
    }

    private static void WriteBody(ref MqttBufferWriter w, in ConnectPacket p, MqttProtocolVersion version)
    {
        w.WriteString("MQTT");
        w.WriteByte((byte)version);
        var flags = 0;
        if (p.UserName is not null) flags |= 0x80;
        if (p.Password is not null) flags |= 0x40;
        if (p.Will is { } will)
        {
            flags |= 0x04 | ((int)will.QoS << 3) | (will.Retain ? 0x20 : 0);
        }

        if (p.CleanStart) flags |= 0x02;
        w.WriteByte((byte)flags);
        w.WriteUInt16(p.KeepAliveSeconds);
        if (version == MqttProtocolVersion.V500)
        {
            MqttPacketWriter.WriteProperties(ref w, p, WriteProperties);
        }

        w.WriteString(p.ClientId);
        if (p.Will is { } w2)
        {
            if (version == MqttProtocolVersion.V500)
            {
                MqttPacketWriter.WriteProperties(ref w, w2, WriteWillProperties);
            }

            w.WriteString(w2.Topic);
            w.WriteBinary(w2.Payload.Span);
        }

        if (p.UserName is not null) w.WriteString(p.UserName);
        if (p.Password is { } password) w.WriteBinary(password.Span);
    }

    private static void WriteProperties(ref MqttBufferWriter w, in ConnectPacket p, MqttProtocolVersion _)
    {
        if (p.SessionExpiryInterval != 0) w.WriteProperty(PropertyId.SessionExpiryInterval, p.SessionExpiryInterval);
        if (p.ReceiveMaximum is { } rm) w.WriteProperty(PropertyId.ReceiveMaximum, rm);
        if (p.MaximumPacketSize is { } mps) w.WriteProperty(PropertyId.MaximumPacketSize, mps);
        if (p.TopicAliasMaximum != 0) w.WriteProperty(PropertyId.TopicAliasMaximum, p.TopicAliasMaximum);
        if (p.RequestResponseInformation is { } rri) w.WriteProperty(PropertyId.RequestResponseInformation, rri ? (byte)1 : (byte)0);
        if (p.RequestProblemInformation is { } rpi) w.WriteProperty(PropertyId.RequestProblemInformation, rpi ? (byte)1 : (byte)0);
        w.WriteUserProperties(p.UserProperties);
        w.WriteProperty(PropertyId.AuthenticationMethod, p.AuthenticationMethod);
        w.WriteProperty(PropertyId.AuthenticationData, p.AuthenticationData);
    }

    private static void WriteWillProperties(ref MqttBufferWriter w, in MqttWill will, MqttProtocolVersion _)
    {
        if (will.DelayInterval != 0) w.WriteProperty(PropertyId.WillDelayInterval, will.DelayInterval);
        if (will.PayloadFormatIndicator is { } pfi) w.WriteProperty(PropertyId.PayloadFormatIndicator, pfi);
        if (will.MessageExpiryInterval is { } mei) w.WriteProperty(PropertyId.MessageExpiryInterval, mei);
        w.WriteProperty(PropertyId.ContentType, will.ContentType);
        w.WriteProperty(PropertyId.ResponseTopic, will.ResponseTopic);
        w.WriteProperty(PropertyId.CorrelationData, will.CorrelationData);
        w.WriteUserProperties(will.UserProperties);
    }

    public static ConnectPacket Decode(byte fixedHeader, ReadOnlyMemory<byte> body)
    {
        if ((fixedHeader & 0x0F) != 0)
        {
            throw MqttProtocolException.Malformed("CONNECT fixed header flags must be 0 (MQTT 5.0 §2.1.3).");
        }

        var r = new MqttBufferReader(body);
        if (r.ReadString() != "MQTT")
        {
            throw MqttProtocolException.Malformed("CONNECT protocol name is not \"MQTT\" (MQTT 5.0 §3.1.2.1).");
        }

        var level = r.ReadByte();
        if (level is not ((byte)MqttProtocolVersion.V311 or (byte)MqttProtocolVersion.V500))
        {
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"CONNECT protocol level {level} is not 4 or 5 (MQTT 5.0 §3.1.2.2).");
        }

        var version = (MqttProtocolVersion)level;
        var flags = r.ReadByte();
        if ((flags & 0x01) != 0)
        {
            throw MqttProtocolException.Malformed("CONNECT reserved flag is set (MQTT 5.0 §3.1.2.3).");
        }

        var willFlag = (flags & 0x04) != 0;
        var willQoS = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        if (willQoS == 3 || (!willFlag && (willQoS != 0 || willRetain)))
        {
            throw MqttProtocolException.Malformed("CONNECT will QoS/retain flags are inconsistent (MQTT 5.0 §3.1.2.6–7).");
        }

        var hasUser = (flags & 0x80) != 0;
        var hasPassword = (flags & 0x40) != 0;
        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUser)
        {
            throw MqttProtocolException.Malformed("CONNECT has a password without a user name (MQTT 3.1.1 §3.1.2.9).");
        }

        var packet = new ConnectPacket
        {
            Version = version,
            CleanStart = (flags & 0x02) != 0,
            KeepAliveSeconds = r.ReadUInt16(),
        };
        if (version == MqttProtocolVersion.V500)
        {
            packet = Properties.Read(r.ReadPropertyBlock(), packet, out var user);
            packet = packet with { UserProperties = user };
        }

        packet = packet with { ClientId = r.ReadString() };
        if (willFlag)
        {
            var will = new MqttWill { Topic = "" };
            if (version == MqttProtocolVersion.V500)
            {
                will = WillProperties.Read(r.ReadPropertyBlock(), will, out var user);
                will = will with { UserProperties = user };
            }

            var topic = r.ReadString();
            TopicValidation.ValidateTopicName(topic);
            packet = packet with
            {
                Will = will with { Topic = topic, Payload = r.ReadBinary(), QoS = (MqttQualityOfService)willQoS, Retain = willRetain },
            };
        }

        if (hasUser) packet = packet with { UserName = r.ReadString() };
        if (hasPassword) packet = packet with { Password = r.ReadBinary() };
        r.ExpectEnd("CONNECT");
        return packet;
    }

    private static string ValidatedTopic(string topic)
    {
        TopicValidation.ValidateTopicName(topic);
        return topic;
    }

    internal static ushort NonZero(ushort value, string what) =>
        value != 0 ? value : throw MqttProtocolException.ProtocolError($"{what} must not be 0 (MQTT 5.0 §3.1.2.11).");

    internal static uint NonZero(uint value, string what) =>
        value != 0 ? value : throw MqttProtocolException.ProtocolError($"{what} must not be 0 (MQTT 5.0 §3.1.2.11).");
}
