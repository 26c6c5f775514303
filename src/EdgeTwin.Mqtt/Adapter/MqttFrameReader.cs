using System.Buffers;
using EdgeTwin.Mqtt.Packets;

namespace EdgeTwin.Mqtt.Adapter;

/// <summary>One framed packet: the first fixed-header byte and the body of Remaining Length bytes.</summary>
internal readonly record struct MqttFrame(byte Header, ReadOnlySequence<byte> Body)
{
    public PacketType Type => (PacketType)(Header >> 4);
}

/// <summary>
/// Splits a byte stream into MQTT packets (MQTT 5.0 §2.1). Never allocates; the limit is checked from the
/// header alone, so an oversized packet is refused before its body is buffered.
/// </summary>
internal static class MqttFrameReader
{
    /// <summary>
    /// Reads one packet from the front of <paramref name="buffer"/> and slices it off. Returns false when more
    /// bytes are needed. Throws <see cref="MqttProtocolException"/> for a reserved packet type, a Remaining
    /// Length longer than four bytes (§1.5.5) or a packet larger than <paramref name="maximumPacketSize"/>
    /// (§3.1.2.11.4: Packet Too Large).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, uint maximumPacketSize, out MqttFrame frame)
    {
        frame = default;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryRead(out var header);
        if (header >> 4 == 0)
        {
            throw MqttProtocolException.Malformed("Packet type 0 is reserved (MQTT 5.0 §2.1.2).");
        }

        var remaining = 0;
        var lengthBytes = 0;
        while (true)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            remaining |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0)
            {
                break;
            }

            if (lengthBytes == 4)
            {
                throw MqttProtocolException.Malformed("Remaining Length is longer than four bytes (MQTT 5.0 §1.5.5).");
            }
        }

        var total = 1L + lengthBytes + remaining;
        if (total > maximumPacketSize)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, $"A {PacketNames.Of((PacketType)(header >> 4))} of {total} bytes exceeds the Maximum Packet Size {maximumPacketSize} (MQTT 5.0 §3.1.2.11.4).");
        }

        if (reader.Remaining < remaining)
        {
            return false;
        }

        frame = new MqttFrame(header, buffer.Slice(1 + lengthBytes, remaining));
        buffer = buffer.Slice(total);
        return true;
    }
}
