using System.Buffers.Binary;
using System.IO.Pipelines;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.SecureChannel;

namespace EdgeTwin.OpcUa.Transport;

/// <summary>
/// An encoder sink that turns a message into chunks while it is encoded (OPC 10000-6 §6.7.2): each time the
/// encoder fills a chunk body the chunk gets its header, sequence number and security, and goes to the pipe;
/// every few chunks the pipe is flushed, so a large response never sits whole in memory.
/// </summary>
internal sealed class ChunkWriter : IEncoderSink
{
    private const int FlushEvery = 8;

    private readonly PipeWriter _output;
    private readonly ISecurityPolicy _policy;
    private readonly int _chunkSize;
    private readonly int _maxChunks;
    private readonly long _maxMessageSize;
    private readonly Func<uint> _nextSequenceNumber;
    private uint _messageType;
    private uint _channelId;
    private uint _tokenId;
    private uint _requestId;
    private byte[]? _asymmetricHeader;
    private Memory<byte> _chunk;
    private int _headerSize;
    private int _chunks;
    private long _total;

    public ChunkWriter(PipeWriter output, ISecurityPolicy policy, int chunkSize, int maxChunks, int maxMessageSize, Func<uint> nextSequenceNumber)
    {
        _output = output;
        _policy = policy;
        _chunkSize = chunkSize;
        _maxChunks = maxChunks;
        _maxMessageSize = maxMessageSize == 0 ? long.MaxValue : maxMessageSize;
        _nextSequenceNumber = nextSequenceNumber;
    }

    /// <summary>Chunks sealed for the current message; non-zero means an abort chunk is needed on failure.</summary>
    public int ChunksSent => _chunks;

    /// <summary>Starts a MSG/CLO message with a symmetric security header.</summary>
    public Span<byte> Begin(uint messageType, uint channelId, uint tokenId, uint requestId)
    {
        _messageType = messageType;
        _channelId = channelId;
        _tokenId = tokenId;
        _requestId = requestId;
        _asymmetricHeader = null;
        _chunks = 0;
        _total = 0;
        return NextChunk();
    }

    /// <summary>Starts an OPN message; <paramref name="asymmetricHeader"/> is the encoded §6.7.2.3 header.</summary>
    public Span<byte> BeginOpen(uint channelId, byte[] asymmetricHeader, uint requestId)
    {
        _messageType = MessageType.Open;
        _channelId = channelId;
        _requestId = requestId;
        _asymmetricHeader = asymmetricHeader;
        _chunks = 0;
        _total = 0;
        return NextChunk();
    }

    public Span<byte> Advance(int written, int sizeHint)
    {
        Seal(written, MessageType.Intermediate);
        if (_chunks % FlushEvery == 0)
        {
            // The encoder is synchronous; waiting here keeps at most FlushEvery chunks in memory.
            _output.FlushAsync().AsTask().GetAwaiter().GetResult();
        }

        return NextChunk();
    }

    public void Complete(int written) => Seal(written, MessageType.Final);

    /// <summary>OPC 10000-6 §6.7.3: an 'A' chunk carries the error and reason that stopped the message.</summary>
    public void Abort(StatusCode status, string reason)
    {
        var span = NextChunk();
        var e = new BinaryEncoder(span, null, EncodingLimits.Default);
        e.WriteStatusCode(status);
        e.WriteString(reason.Length > 256 ? reason[..256] : reason);
        _chunks = 0;
        Seal(e.Position, MessageType.Abort, checkLimits: false);
    }

    private Span<byte> NextChunk()
    {
        _chunk = _output.GetMemory(_chunkSize)[.._chunkSize];
        var span = _chunk.Span;
        var pos = 12; // header + SecureChannelId
        if (_asymmetricHeader is not null)
        {
            _asymmetricHeader.CopyTo(span[pos..]);
            pos += _asymmetricHeader.Length;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], _tokenId);
            pos += 4;
        }

        pos += 8; // sequence header, written when sealed
        _headerSize = pos;
        return span[_headerSize..(_chunkSize - _policy.SymmetricSignatureSize)];
    }

    private void Seal(int written, byte chunkType, bool checkLimits = true)
    {
        _chunks++;
        _total += written;
        if (checkLimits && ((_maxChunks > 0 && _chunks > _maxChunks) || _total > _maxMessageSize))
        {
            throw new StatusException(StatusCodes.BadResponseTooLarge, "response exceeds the client's limits");
        }

        var span = _chunk.Span;
        var size = _headerSize + written + _policy.SymmetricSignatureSize;
        span[0] = (byte)_messageType;
        span[1] = (byte)(_messageType >> 8);
        span[2] = (byte)(_messageType >> 16);
        span[3] = chunkType;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], _channelId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(_headerSize - 8)..], _nextSequenceNumber());
        BinaryPrimitives.WriteUInt32LittleEndian(span[(_headerSize - 4)..], _requestId);
        _policy.SecureChunk(span[..size], _headerSize + written);
        _output.Advance(size);
    }
}
