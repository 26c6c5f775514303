using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.SecureChannel;

namespace EdgeTwin.OpcUa.Transport;

/// <summary>
/// One UA-TCP connection (OPC 10000-6 §7.1): the Hello/Acknowledge handshake, chunk reception with size,
/// count and sequence-number checks, message assembly, chunked sending and the ERR message that closes a
/// connection with a status.
/// </summary>
internal sealed class UaTcpConnection : IAsyncDisposable
{
    private const int HelloMaxSize = 8192;

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TransportLimits _limits;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _chunkBuffer = [];
    private uint _lastReceivedSequence;
    private bool _sequenceStarted;
    private uint _sendSequence;
    private ChunkWriter? _chunkWriter;

    public UaTcpConnection(Stream stream, TransportLimits limits)
    {
        _stream = stream;
        _limits = limits;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16384));
    }

    public NegotiatedLimits Negotiated { get; private set; }

    /// <summary>The EndpointUrl the client put in its Hello: the host name it used to reach us.</summary>
    public string? EndpointUrl { get; private set; }

    public ISecurityPolicy Policy { get; set; } = SecurityPolicyNone.Instance;

    /// <summary>Reads the Hello and answers with Acknowledge (§7.1.2.3, §7.1.2.4).</summary>
    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (ChunkHeader.TryRead(buffer, HelloMaxSize, out var header))
            {
                if (header.Type != MessageType.Hello || header.ChunkType != MessageType.Final)
                {
                    throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "expected Hello");
                }

                var body = new byte[header.Size - ChunkHeader.Length];
                buffer.Slice(ChunkHeader.Length, body.Length).CopyTo(body);
                _reader.AdvanceTo(buffer.GetPosition(header.Size));
                Accept(HelloMessage.Decode(body));
                await SendAcknowledgeAsync(cancellationToken);
                return;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("closed before Hello");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads chunks until a whole message is assembled; null when the peer closed the connection.</summary>
    public async ValueTask<IncomingMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        PooledBuffer? body = null;
        var chunks = 0;
        uint messageType = 0, channelId = 0, tokenId = 0, requestId = 0;
        string? policyUri = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (ChunkHeader.TryRead(buffer, Negotiated.ReceiveBufferSize, out var header))
                {
                    if (header.Type == MessageType.Hello)
                    {
                        throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "second Hello");
                    }

                    var chunk = _chunkBuffer.AsSpan(0, header.Size);
                    buffer.Slice(0, header.Size).CopyTo(chunk);
                    buffer = buffer.Slice(header.Size);
                    var plainLength = Policy.UnsecureChunk(chunk);
                    if (plainLength < 0)
                    {
                        throw new StatusException(StatusCodes.BadSecurityChecksFailed, "chunk signature");
                    }

                    var d = new BinaryDecoder(chunk[ChunkHeader.Length..plainLength], new EncodingLimits { MaxStringLength = 1024, MaxByteStringLength = 16384 });
                    var chunkChannel = d.ReadUInt32();
                    string? chunkPolicy = null;
                    uint chunkToken = 0;
                    if (header.Type == MessageType.Open)
                    {
                        chunkPolicy = d.ReadString();
                        d.ReadByteString(); // SenderCertificate: none under SecurityPolicy None
                        d.ReadByteString(); // ReceiverCertificateThumbprint
                    }
                    else
                    {
                        chunkToken = d.ReadUInt32();
                    }

                    var sequence = d.ReadUInt32();
                    var chunkRequest = d.ReadUInt32();
                    CheckSequence(sequence, header.Type == MessageType.Open && !_sequenceStarted);

                    if (header.ChunkType == MessageType.Abort)
                    {
                        // §6.7.3: the client gave up on this message; drop what was assembled.
                        body?.Dispose();
                        body = null;
                        chunks = 0;
                        continue;
                    }

                    if (body is null)
                    {
                        body = new PooledBuffer(Math.Min(header.Size, 65536), Negotiated.MaxRequestSize == 0 ? int.MaxValue : Negotiated.MaxRequestSize);
                        messageType = header.Type;
                        channelId = chunkChannel;
                        tokenId = chunkToken;
                        requestId = chunkRequest;
                        policyUri = chunkPolicy;
                    }
                    else if (chunkRequest != requestId || header.Type != messageType)
                    {
                        throw new StatusException(StatusCodes.BadTcpMessageTypeInvalid, "interleaved chunks of different messages");
                    }

                    if (++chunks > Negotiated.MaxRequestChunks && Negotiated.MaxRequestChunks > 0)
                    {
                        throw new StatusException(StatusCodes.BadTcpMessageTooLarge, "more than " + Negotiated.MaxRequestChunks + " chunks");
                    }

                    var payload = chunk[(ChunkHeader.Length + d.Position)..plainLength];
                    try
                    {
                        payload.CopyTo(body.Advance(0, payload.Length));
                        body.Advance(payload.Length, 0);
                    }
                    catch (StatusException)
                    {
                        throw new StatusException(StatusCodes.BadTcpMessageTooLarge, "message larger than " + Negotiated.MaxRequestSize);
                    }

                    if (header.ChunkType == MessageType.Final)
                    {
                        _reader.AdvanceTo(buffer.Start);
                        var message = new IncomingMessage(messageType, channelId, tokenId, policyUri, requestId, body);
                        body = null;
                        return message;
                    }
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : throw new StatusException(StatusCodes.BadDecodingError, "connection closed inside a chunk");
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch
        {
            body?.Dispose();
            throw;
        }
    }

    /// <summary>Encodes and sends one message under the send lock; <paramref name="encode"/> writes the body.</summary>
    public async Task SendAsync(uint messageType, uint channelId, uint tokenId, uint requestId, byte[]? asymmetricHeader, MessageBody encode, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var writer = _chunkWriter ??= new ChunkWriter(_writer, Policy, Negotiated.SendBufferSize, Negotiated.MaxResponseChunks, Negotiated.MaxResponseSize, () => ++_sendSequence);
            var first = asymmetricHeader is null
                ? writer.Begin(messageType, channelId, tokenId, requestId)
                : writer.BeginOpen(channelId, asymmetricHeader, requestId);
            try
            {
                Encode(first, writer, encode);
            }
            catch (StatusException ex) when (writer.ChunksSent > 0)
            {
                writer.Abort(ex.Status, ex.Message);
            }

            await _writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends ERR with the status and reason (§7.1.2.5); the caller then closes the connection.</summary>
    public async Task SendErrorAsync(StatusCode status, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var span = _writer.GetSpan(ChunkHeader.Length + 8 + 4096);
            var e = new BinaryEncoder(span[ChunkHeader.Length..], null, EncodingLimits.Default);
            e.WriteStatusCode(status);
            e.WriteString(reason.Length > 1024 ? reason[..1024] : reason);
            var size = ChunkHeader.Length + e.Position;
            BinaryPrimitives.WriteUInt32LittleEndian(span, MessageType.Error | ((uint)MessageType.Final << 24));
            BinaryPrimitives.WriteInt32LittleEndian(span[4..], size);
            _writer.Advance(size);
            await _writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        await _stream.DisposeAsync();
        _sendLock.Dispose();
    }

    private static void Encode(Span<byte> first, ChunkWriter writer, MessageBody encode)
    {
        var encoder = new BinaryEncoder(first, writer, EncodingLimits.Default);
        encode(ref encoder);
        writer.Complete(encoder.Position);
    }

    private void Accept(HelloMessage hello)
    {
        if (hello.ReceiveBufferSize < TransportLimits.MinBufferSize || hello.SendBufferSize < TransportLimits.MinBufferSize)
        {
            throw new StatusException(StatusCodes.BadConnectionRejected, "buffer sizes below 8192");
        }

        EndpointUrl = hello.EndpointUrl;
        var receive = Math.Min(hello.SendBufferSize, _limits.ReceiveBufferSize);
        var send = Math.Min(hello.ReceiveBufferSize, _limits.SendBufferSize);
        Negotiated = new NegotiatedLimits(
            receive,
            send,
            _limits.MaxMessageSize,
            hello.MaxMessageSize == 0 ? _limits.MaxMessageSize * 4 : hello.MaxMessageSize,
            hello.MaxChunkCount,
            _limits.MaxChunkCount);
        _chunkBuffer = new byte[receive];
    }

    private async Task SendAcknowledgeAsync(CancellationToken cancellationToken)
    {
        var span = _writer.GetSpan(28);
        BinaryPrimitives.WriteUInt32LittleEndian(span, MessageType.Acknowledge | ((uint)MessageType.Final << 24));
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 28);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Negotiated.ReceiveBufferSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], Negotiated.SendBufferSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], Negotiated.MaxRequestSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], Negotiated.MaxRequestChunks);
        _writer.Advance(28);
        await _writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// OPC 10000-6 §6.7.2.4: each chunk's sequence number is one more than the last, wrapping to a value
    /// below 1024 after 4294966271; the first OPN sets the starting point.
    /// </summary>
    private void CheckSequence(uint sequence, bool first)
    {
        if (!first)
        {
            var expected = _lastReceivedSequence + 1;
            var wrapped = _lastReceivedSequence > 4294966271u && sequence < 1024;
            if (sequence != expected && !wrapped)
            {
                throw new StatusException(StatusCodes.BadSequenceNumberInvalid, "sequence " + sequence + " after " + _lastReceivedSequence);
            }
        }

        _sequenceStarted = true;
        _lastReceivedSequence = sequence;
    }
}

internal delegate void MessageBody(ref BinaryEncoder encoder);
