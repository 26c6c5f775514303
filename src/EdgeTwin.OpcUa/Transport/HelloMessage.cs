using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Transport;

/// <summary>OPC 10000-6 §7.1.2.3.</summary>
internal sealed record HelloMessage(uint ProtocolVersion, int ReceiveBufferSize, int SendBufferSize, int MaxMessageSize, int MaxChunkCount, string? EndpointUrl)
{
    /// <summary>§7.1.2.3: the EndpointUrl is at most 4096 bytes.</summary>
    public const int MaxEndpointUrlLength = 4096;

    public static HelloMessage Decode(ReadOnlySpan<byte> body)
    {
        var d = new BinaryDecoder(body, new EncodingLimits { MaxStringLength = MaxEndpointUrlLength });
        var version = d.ReadUInt32();
        var receive = ClampSize(d.ReadUInt32());
        var send = ClampSize(d.ReadUInt32());
        var maxMessage = ClampSize(d.ReadUInt32());
        var maxChunks = ClampSize(d.ReadUInt32());
        string? url;
        try
        {
            url = d.ReadString();
        }
        catch (StatusException ex) when (ex.Status.Code == StatusCodes.BadEncodingLimitsExceeded)
        {
            throw new StatusException(StatusCodes.BadTcpEndpointUrlInvalid, "EndpointUrl longer than " + MaxEndpointUrlLength + " bytes");
        }

        return new HelloMessage(version, receive, send, maxMessage, maxChunks, url);
    }

    private static int ClampSize(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
