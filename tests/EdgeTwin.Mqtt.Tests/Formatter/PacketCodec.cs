using System.Buffers;
using EdgeTwin.Mqtt.Adapter;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>Test-side dispatch over every codec: encode any packet, and frame + decode any byte string.</summary>
internal static class PacketCodec
{
    public static byte[] Encode(object packet, MqttProtocolVersion version)
    {
        var output = new ArrayBufferWriter<byte>();
        switch (packet)
        {
            case ConnectPacket p: ConnectCodec.Encode(output, p); break;
            case ConnAckPacket p: ConnAckCodec.Encode(output, p, version); break;
            case PublishPacket p: PublishCodec.Encode(output, p, version); break;
            case PublishResponsePacket p: PublishResponseCodec.Encode(output, p, version); break;
            case SubscribePacket p: SubscribeCodec.Encode(output, p, version); break;
            case SubAckPacket p: AckCodecs.Encode(output, p, version); break;
            case UnsubscribePacket p: UnsubscribeCodec.Encode(output, p, version); break;
            case UnsubAckPacket p: AckCodecs.Encode(output, p, version); break;
            case DisconnectPacket p: DisconnectCodec.Encode(output, p, version); break;
            case AuthPacket p: DisconnectCodec.Encode(output, p); break;
            case PacketType t: PingCodec.Encode(output, t); break;
            default: throw new ArgumentException($"Unknown packet {packet.GetType()}", nameof(packet));
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Frames and decodes one packet that must fill <paramref name="bytes"/> exactly.</summary>
    public static object Decode(ReadOnlyMemory<byte> bytes, MqttProtocolVersion version, uint maximumPacketSize = uint.MaxValue)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        if (!MqttFrameReader.TryRead(ref sequence, maximumPacketSize, out var frame))
        {
            throw MqttProtocolException.Malformed("Truncated frame.");
        }

        if (!sequence.IsEmpty)
        {
            throw MqttProtocolException.Malformed("Bytes after the frame.");
        }

        return DecodeFrame(frame, version);
    }

    public static object DecodeFrame(MqttFrame frame, MqttProtocolVersion version)
    {
        var body = frame.Body.ToArray();
        return frame.Type switch
        {
            PacketType.Connect => ConnectCodec.Decode(frame.Header, body),
            PacketType.ConnAck => ConnAckCodec.Decode(frame.Header, body, version),
            PacketType.Publish => PublishCodec.Decode(frame.Header, body, version),
            PacketType.PubAck or PacketType.PubRec or PacketType.PubRel or PacketType.PubComp => PublishResponseCodec.Decode(frame.Header, body, version),
            PacketType.Subscribe => SubscribeCodec.Decode(frame.Header, body, version),
            PacketType.SubAck => AckCodecs.DecodeSubAck(frame.Header, body, version),
            PacketType.Unsubscribe => UnsubscribeCodec.Decode(frame.Header, body, version),
            PacketType.UnsubAck => AckCodecs.DecodeUnsubAck(frame.Header, body, version),
            PacketType.PingReq or PacketType.PingResp => DecodePing(frame, body),
            PacketType.Disconnect => DisconnectCodec.DecodeDisconnect(frame.Header, body, version),
            PacketType.Auth => DisconnectCodec.DecodeAuth(frame.Header, body, version),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    private static object DecodePing(MqttFrame frame, byte[] body)
    {
        PingCodec.Decode(frame.Header, body);
        return frame.Type;
    }
}
