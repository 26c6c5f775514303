using System.Buffers.Binary;
using System.Net.Sockets;

namespace EdgeTwin.OpcUa.Benchmarks.LoadClient;

/// <summary>
/// The lean load client's transport: one UA-TCP connection with a SecurityPolicy None secure channel
/// (OPC 10000-6 §7.1 and §6.7), built on EdgeTwin.OpcUa's codec. Requests may be sent pipelined: the caller
/// sends several and then receives their responses in any order, matched by request id.
/// </summary>
internal sealed class UaTcpClient : IAsyncDisposable
{
    private const int HeaderLength = 8;
    private const int SymmetricPrefix = 24; // header, channel id, token id, sequence number, request id
    private static readonly EncodingLimits Limits = new() { MaxArrayLength = 1 << 20, MaxByteStringLength = 1 << 24, MaxStringLength = 1 << 20 };

    private readonly Socket _socket;
    private readonly byte[] _sendChunk;
    private byte[] _receive = new byte[1 << 17];
    private int _start;
    private int _end;
    private uint _sequence;
    private uint _requestId;
    private int _serverReceiveBuffer = 8192;

    private UaTcpClient(Socket socket)
    {
        _socket = socket;
        _sendChunk = new byte[1 << 16];
    }

    public uint ChannelId { get; private set; }

    public uint TokenId { get; private set; }

    public uint NextRequestId() => ++_requestId;

    /// <summary>TCP connect, Hello/Acknowledge (§7.1.2.3) and OpenSecureChannel Issue (OPC 10000-4 §5.5.2).</summary>
    public static async Task<UaTcpClient> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new UaTcpClient(socket);
        try
        {
            await socket.ConnectAsync(host, port, ct);
            await client.HandshakeAsync("opc.tcp://" + host + ":" + port, ct);
            await client.OpenChannelAsync(ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Encodes a request's body (type id and fields) once, for sending with <see cref="SendEncodedAsync"/>.</summary>
    public static byte[] EncodeBody(IEncodeable request)
    {
        using var buffer = new PooledBuffer(4096);
        var e = new BinaryEncoder(buffer, Limits);
        e.WriteNodeId(request.BinaryEncodingId);
        request.Encode(ref e);
        e.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Sends one request and waits for its response (decoded; a ServiceFault becomes an exception).</summary>
    public async Task<T> CallAsync<T>(IEncodeable request, CancellationToken ct)
        where T : class, IEncodeable
    {
        var id = NextRequestId();
        await SendEncodedAsync(EncodeBody(request), id, ct);
        var (responseId, body) = await ReceiveAsync(ct);
        if (responseId != id)
        {
            throw new InvalidDataException("response to request " + responseId + ", expected " + id);
        }

        return DecodeResponse<T>(body);
    }

    /// <summary>Sends an encoded request body as MSG chunks no larger than the server's receive buffer (§6.7.2).</summary>
    public async ValueTask SendEncodedAsync(ReadOnlyMemory<byte> body, uint requestId, CancellationToken ct)
    {
        var room = Math.Min(_sendChunk.Length, _serverReceiveBuffer) - SymmetricPrefix;
        var offset = 0;
        do
        {
            var n = Math.Min(room, body.Length - offset);
            var final = offset + n == body.Length;
            var size = SymmetricPrefix + n;
            WriteSymmetricHeader(_sendChunk, final ? (byte)'F' : (byte)'C', size, requestId);
            body.Span.Slice(offset, n).CopyTo(_sendChunk.AsSpan(SymmetricPrefix));
            await SendAllAsync(_sendChunk.AsMemory(0, size), ct);
            offset += n;
        }
        while (offset < body.Length);
    }

    /// <summary>Sends a single-chunk message built once by <see cref="Frame"/>, patching its sequence number and request id.</summary>
    public ValueTask SendFramedAsync(byte[] framed, uint requestId, CancellationToken ct)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(16), ++_sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(20), requestId);
        return SendAllAsync(framed, ct);
    }

    /// <summary>Frames a body as one MSG chunk (it must fit the server's receive buffer).</summary>
    public byte[] Frame(byte[] body)
    {
        if (SymmetricPrefix + body.Length > _serverReceiveBuffer)
        {
            throw new InvalidOperationException("request of " + body.Length + " bytes needs several chunks");
        }

        var framed = new byte[SymmetricPrefix + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(framed, Ascii("MSG", 'F'));
        BinaryPrimitives.WriteInt32LittleEndian(framed.AsSpan(4), framed.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(8), ChannelId);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(12), TokenId);
        body.CopyTo(framed.AsSpan(SymmetricPrefix));
        return framed;
    }

    /// <summary>
    /// Receives the next whole response message; the returned body is valid until the next receive.
    /// Chunks of one message are assembled; ERR and aborted messages become exceptions.
    /// </summary>
    public async ValueTask<(uint RequestId, ReadOnlyMemory<byte> Body)> ReceiveAsync(CancellationToken ct)
    {
        byte[]? assembled = null;
        var assembledLength = 0;
        while (true)
        {
            await FillAsync(HeaderLength, ct);
            var size = BinaryPrimitives.ReadInt32LittleEndian(_receive.AsSpan(_start + 4));
            if (size < HeaderLength || size > 1 << 24)
            {
                throw new InvalidDataException("chunk size " + size);
            }

            await FillAsync(size, ct);
            var chunk = _receive.AsMemory(_start, size);
            _start += size;
            var type = System.Text.Encoding.ASCII.GetString(chunk.Span[..3]);
            if (type == "ERR")
            {
                var status = new StatusCode(BinaryPrimitives.ReadUInt32LittleEndian(chunk.Span[8..]));
                throw new InvalidDataException("server sent ERR " + status);
            }

            if (type != "MSG")
            {
                throw new InvalidDataException("unexpected " + type + " chunk");
            }

            var requestId = BinaryPrimitives.ReadUInt32LittleEndian(chunk.Span[20..]);
            var payload = chunk[SymmetricPrefix..];
            switch (chunk.Span[3])
            {
                case (byte)'F' when assembled is null:
                    return (requestId, payload);
                case (byte)'A':
                    throw new InvalidDataException("server aborted the response to request " + requestId);
                default:
                    assembled ??= new byte[1 << 20];
                    if (assembledLength + payload.Length > assembled.Length)
                    {
                        Array.Resize(ref assembled, Math.Max(assembled.Length * 2, assembledLength + payload.Length));
                    }

                    payload.Span.CopyTo(assembled.AsSpan(assembledLength));
                    assembledLength += payload.Length;
                    if (chunk.Span[3] == (byte)'F')
                    {
                        return (requestId, assembled.AsMemory(0, assembledLength));
                    }

                    break;
            }
        }
    }

    /// <summary>Decodes a response body; a ServiceFault or a bad ServiceResult becomes an exception.</summary>
    public static T DecodeResponse<T>(ReadOnlyMemory<byte> body)
        where T : class, IEncodeable
    {
        var d = new BinaryDecoder(body.Span, Limits);
        var typeId = d.ReadNodeId();
        var response = EncodeableFactory.Create(typeId.NumericId) ?? throw new InvalidDataException("unknown response type " + typeId);
        response.Decode(ref d);
        if (response is IResponse { Header.ServiceResult.IsBad: true } r)
        {
            throw new InvalidDataException(typeof(T).Name + ": " + r.Header!.ServiceResult);
        }

        return response as T ?? throw new InvalidDataException("expected " + typeof(T).Name + ", got " + response.GetType().Name);
    }

    /// <summary>Reads only the type id and the ResponseHeader's ServiceResult (OPC 10000-4 §7.34), for hot loops.</summary>
    public static StatusCode PeekServiceResult(ReadOnlySpan<byte> body, out uint typeId)
    {
        var d = new BinaryDecoder(body, Limits);
        typeId = d.ReadNodeId().NumericId;
        d.ReadDateTime();
        d.ReadUInt32();
        return d.ReadStatusCode();
    }

    /// <summary>CloseSecureChannel (§6.7.4) and closes the socket.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        var body = EncodeBody(new CloseSecureChannelRequest { RequestHeader = new RequestHeader { Timestamp = DateTime.UtcNow } });
        var size = SymmetricPrefix + body.Length;
        WriteSymmetricHeader(_sendChunk, (byte)'F', size, NextRequestId());
        BinaryPrimitives.WriteUInt32LittleEndian(_sendChunk, Ascii("CLO", 'F'));
        body.CopyTo(_sendChunk.AsSpan(SymmetricPrefix));
        await SendAllAsync(_sendChunk.AsMemory(0, size), ct);
        _socket.Shutdown(SocketShutdown.Send);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static uint Ascii(string type, char chunkType) =>
        type[0] | ((uint)type[1] << 8) | ((uint)type[2] << 16) | ((uint)chunkType << 24);

    private void WriteSymmetricHeader(Span<byte> chunk, byte chunkType, int size, uint requestId)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(chunk, Ascii("MSG", (char)chunkType));
        BinaryPrimitives.WriteInt32LittleEndian(chunk[4..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[8..], ChannelId);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[12..], TokenId);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[16..], ++_sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[20..], requestId);
    }

    private async Task HandshakeAsync(string endpointUrl, CancellationToken ct)
    {
        var url = System.Text.Encoding.UTF8.GetBytes(endpointUrl);
        var hello = new byte[32 + url.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(hello, Ascii("HEL", 'F'));
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(4), hello.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(hello.AsSpan(8), 0);                 // protocol version
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(12), 1 << 16);           // our receive buffer
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(16), _sendChunk.Length); // our send buffer
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(20), 0);                 // no message size limit
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(24), 0);                 // no chunk count limit
        BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(28), url.Length);
        url.CopyTo(hello.AsSpan(32));
        await SendAllAsync(hello, ct);

        await FillAsync(HeaderLength, ct);
        var size = BinaryPrimitives.ReadInt32LittleEndian(_receive.AsSpan(_start + 4));
        await FillAsync(size, ct);
        var ack = _receive.AsSpan(_start, size);
        _start += size;
        if (System.Text.Encoding.ASCII.GetString(ack[..3]) != "ACK")
        {
            throw new InvalidDataException("expected ACK, got " + System.Text.Encoding.ASCII.GetString(ack[..3]));
        }

        // §7.1.2.4: the server's ReceiveBufferSize bounds the chunks we send.
        _serverReceiveBuffer = BinaryPrimitives.ReadInt32LittleEndian(ack[12..]);
    }

    private async Task OpenChannelAsync(CancellationToken ct)
    {
        var body = EncodeBody(new OpenSecureChannelRequest
        {
            RequestHeader = new RequestHeader { Timestamp = DateTime.UtcNow, TimeoutHint = 10_000 },
            RequestType = SecurityTokenRequestType.Issue,
            SecurityMode = MessageSecurityMode.None,
            ClientNonce = [],
            RequestedLifetime = 3_600_000,
        });
        var policy = System.Text.Encoding.ASCII.GetBytes("http://opcfoundation.org/UA/SecurityPolicy#None");
        var size = HeaderLength + 4 + 4 + policy.Length + 4 + 4 + 8 + body.Length;
        var chunk = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(chunk, Ascii("OPN", 'F'));
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), size);
        var at = 12;
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(at), policy.Length);
        policy.CopyTo(chunk.AsSpan(at + 4));
        at += 4 + policy.Length;
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(at), -1);     // no sender certificate
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(at + 4), -1); // no receiver thumbprint
        at += 8;
        var requestId = NextRequestId();
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(at), ++_sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(at + 4), requestId);
        body.CopyTo(chunk.AsSpan(at + 8));
        await SendAllAsync(chunk, ct);

        await FillAsync(HeaderLength, ct);
        var responseSize = BinaryPrimitives.ReadInt32LittleEndian(_receive.AsSpan(_start + 4));
        await FillAsync(responseSize, ct);
        var response = _receive.AsMemory(_start, responseSize);
        _start += responseSize;
        var type = System.Text.Encoding.ASCII.GetString(response.Span[..3]);
        if (type != "OPN")
        {
            throw new InvalidDataException("expected OPN, got " + type + (type == "ERR" ? " " + new StatusCode(BinaryPrimitives.ReadUInt32LittleEndian(response.Span[8..])) : ""));
        }

        // Skip the asymmetric security header (policy URI, certificate, thumbprint) and the sequence header.
        var d = new BinaryDecoder(response.Span[12..], Limits);
        d.ReadString();
        d.ReadByteString();
        d.ReadByteString();
        var skip = 12 + d.Position + 8;
        var open = DecodeResponse<OpenSecureChannelResponse>(response[skip..]);
        ChannelId = open.SecurityToken!.ChannelId;
        TokenId = open.SecurityToken.TokenId;
    }

    private async ValueTask FillAsync(int count, CancellationToken ct)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_receive.Length - _start < count)
        {
            var bigger = count > _receive.Length ? new byte[Math.Max(count, _receive.Length * 2)] : _receive;
            _receive.AsSpan(_start, _end - _start).CopyTo(bigger);
            _receive = bigger;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            var n = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, ct);
            if (n == 0)
            {
                throw new EndOfStreamException("server closed the connection");
            }

            _end += n;
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var n = await _socket.SendAsync(data, SocketFlags.None, ct);
            data = data[n..];
        }
    }
}
