using System.Buffers;
using System.Buffers.Binary;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Transport;

/// <summary>The 8-byte header every UA-TCP message starts with (OPC 10000-6 §7.1.2.2).</summary>
internal readonly record struct ChunkHeader(uint Type, byte ChunkType, int Size)
{
    public const int Length = 8;

    /// <summary>
    /// Finds one whole chunk at the start of <paramref name="buffer"/>. The size is checked against
    /// <paramref name="maxSize"/> before waiting for the bytes, so a peer cannot make the server buffer an
    /// arbitrary amount (Bad_TcpMessageTooLarge, §7.1.5).
    /// </summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, int maxSize, out ChunkHeader header)
    {
        header = default;
        if (buffer.Length < Length)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[Length];
        buffer.Slice(0, Length).CopyTo(raw);
        var type = raw[0] | ((uint)raw[1] << 8) | ((uint)raw[2] << 16);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]);
        if (type is not (Transport.MessageType.Hello or Transport.MessageType.Message or Transport.MessageType.Open or Transport.MessageType.Close))
        {
            throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "message type 0x" + type.ToString("X6", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (raw[3] is not (Transport.MessageType.Final or Transport.MessageType.Intermediate or Transport.MessageType.Abort))
        {
            throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "chunk type " + raw[3]);
        }

        if (size > (uint)maxSize)
        {
            throw new StatusException(StatusCodes.BadTcpMessageTooLarge, "chunk of " + size + " bytes, limit " + maxSize);
        }

        if (size < Length + 4)
        {
            throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "chunk of " + size + " bytes");
        }

        header = new ChunkHeader(type, raw[3], (int)size);
        return buffer.Length >= size;
    }
}
