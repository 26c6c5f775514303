using System.Buffers.Binary;
using EdgeTwin.OpcUa.SecureChannel;

namespace EdgeTwin.OpcUa.Tests.Transport;

/// <summary>Builds client-side UA-TCP messages with the stack's own encoder (OPC 10000-6 §7.1.2, §6.7.2).</summary>
internal static class MessageBuilder
{
    public static byte[] Hello(uint receiveBuffer = 65535, uint sendBuffer = 65535, uint maxMessage = 0, uint maxChunks = 0, string url = "opc.tcp://localhost:4840")
    {
        return Frame("HELF", (ref BinaryEncoder e) =>
        {
            e.WriteUInt32(0);
            e.WriteUInt32(receiveBuffer);
            e.WriteUInt32(sendBuffer);
            e.WriteUInt32(maxMessage);
            e.WriteUInt32(maxChunks);
            e.WriteString(url);
        });
    }

    public static byte[] Open(uint sequence, uint requestId, string policy = SecurityPolicyNone.PolicyUri, SecurityTokenRequestType type = SecurityTokenRequestType.Issue, uint channelId = 0, uint lifetime = 60000)
    {
        var request = new OpenSecureChannelRequest
        {
            RequestHeader = new RequestHeader { RequestHandle = requestId },
            RequestType = type,
            SecurityMode = MessageSecurityMode.None,
            ClientNonce = [],
            RequestedLifetime = lifetime,
        };
        return Frame("OPNF", (ref BinaryEncoder e) =>
        {
            e.WriteUInt32(channelId);
            e.WriteString(policy);
            e.WriteByteString((byte[]?)null);
            e.WriteByteString((byte[]?)null);
            e.WriteUInt32(sequence);
            e.WriteUInt32(requestId);
            e.WriteNodeId(request.BinaryEncodingId);
            request.Encode(ref e);
        });
    }

    public static byte[] Message(uint sequence, uint requestId, IEncodeable request, uint channelId = 1, uint tokenId = 1, string type = "MSGF")
    {
        return Frame(type, (ref BinaryEncoder e) =>
        {
            e.WriteUInt32(channelId);
            e.WriteUInt32(tokenId);
            e.WriteUInt32(sequence);
            e.WriteUInt32(requestId);
            e.WriteNodeId(request.BinaryEncodingId);
            request.Encode(ref e);
        });
    }

    /// <summary>A chunk with a raw body after the sequence header (for hand-made bad bodies).</summary>
    public static byte[] RawMessage(uint sequence, uint requestId, byte[] body, string type = "MSGF", uint channelId = 1, uint tokenId = 1)
    {
        return Frame(type, (ref BinaryEncoder e) =>
        {
            e.WriteUInt32(channelId);
            e.WriteUInt32(tokenId);
            e.WriteUInt32(sequence);
            e.WriteUInt32(requestId);
            e.WriteRaw(body);
        });
    }

    public static byte[] Encode(IEncodeable value)
    {
        using var buffer = new PooledBuffer(256);
        var e = new BinaryEncoder(buffer, EncodingLimits.Default);
        e.WriteNodeId(value.BinaryEncodingId);
        value.Encode(ref e);
        e.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Frame(string typeAndChunk, Tests.Encoding.EncodeAction body)
    {
        var payload = Tests.Encoding.Codec.Encode(body);
        var frame = new byte[8 + payload.Length];
        System.Text.Encoding.ASCII.GetBytes(typeAndChunk, frame);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), frame.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }
}
