namespace EdgeTwin.OpcUa.Transport;

/// <summary>The server's side of the UA-TCP Hello/Acknowledge negotiation (OPC 10000-6 §7.1.2.3).</summary>
public sealed class TransportLimits
{
    /// <summary>OPC 10000-6 §7.1.2.3: buffers smaller than 8192 bytes are not allowed.</summary>
    public const int MinBufferSize = 8192;

    public int ReceiveBufferSize { get; init; } = 65535;
    public int SendBufferSize { get; init; } = 65535;
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;
    public int MaxChunkCount { get; init; } = 256;

    /// <summary>Time allowed between accepting a socket and its Hello, and between Acknowledge and OpenSecureChannel.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
