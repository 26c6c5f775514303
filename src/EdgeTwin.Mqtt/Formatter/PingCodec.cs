using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>PINGREQ and PINGRESP (MQTT 5.0 §3.12–§3.13): a fixed header with Remaining Length 0.</summary>
internal static class PingCodec
{
    public static int Encode(IBufferWriter<byte> output, PacketType type)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)((int)type << 4);
        span[1] = 0;
        output.Advance(2);
        return 2;
    }

    public static void Decode(byte fixedHeader, ReadOnlyMemory<byte> body)
    {
        AckCodecs.ExpectNoFlags(fixedHeader, PacketNames.Of((PacketType)(fixedHeader >> 4)));
        if (!body.IsEmpty)
        {
            throw MqttProtocolException.Malformed($"{PacketNames.Of((PacketType)(fixedHeader >> 4))} must have Remaining Length 0 (MQTT 5.0 §3.12).");
        }
    }
}
