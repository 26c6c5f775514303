using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.SecureChannel;
using EdgeTwin.OpcUa.Services;
using EdgeTwin.OpcUa.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.OpcUa.Server;

/// <summary>
/// One client connection from Hello to close: the secure channel on top of UA-TCP, request decoding and
/// dispatch, and the ERR message that ends the connection when the input is bad (OPC 10000-6 §7.1.5).
/// Requests are handled in order on the receive loop; Publish responses are sent later by the subscriptions.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private static readonly EncodingLimits RequestLimits = EncodingLimits.Default;

    private readonly ServerCore _server;
    private readonly UaTcpConnection _tcp;
    private readonly CancellationTokenSource _closed = new();
    private SecureChannelState? _channel;

    public ServerConnection(ServerCore server, Stream stream)
    {
        _server = server;
        _tcp = new UaTcpConnection(stream, server.Options.Transport);
    }

    public uint ChannelId => _channel?.ChannelId ?? 0;

    /// <summary>Set once the receive loop has ended; queued Publish requests of a closed connection are skipped.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Runs until the client closes, the channel expires or bad input ends the connection.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var ct = linked.Token;
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                handshake.CancelAfter(_server.Options.Transport.HandshakeTimeout);
                try
                {
                    await _tcp.HandshakeAsync(handshake.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new StatusException(StatusCodes.BadTimeout, "no Hello within " + _server.Options.Transport.HandshakeTimeout);
                }
            }

            while (!ct.IsCancellationRequested)
            {
                using var receive = CancellationTokenSource.CreateLinkedTokenSource(ct);
                receive.CancelAfter(ReceiveTimeout());
                IncomingMessage? message;
                try
                {
                    message = await _tcp.ReceiveAsync(receive.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new StatusException(
                        _channel is null ? StatusCodes.BadTimeout : StatusCodes.BadSecureChannelClosed,
                        _channel is null ? "no OpenSecureChannel after Hello" : "security token expired without renewal");
                }

                if (message is null)
                {
                    return;
                }

                using (message)
                {
                    if (!await HandleAsync(message, ct))
                    {
                        return;
                    }
                }
            }
        }
        catch (StatusException ex)
        {
            _server.Diagnostics.ProtocolError();
            _server.Logger.LogInformation("Closing connection (channel {Channel}): {Reason}", ChannelId, ex.Message);
            await TrySendErrorAsync(ex.Status, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _closed.IsCancellationRequested)
        {
            await TrySendErrorAsync(StatusCodes.BadServerHalted, "server stopping");
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _server.Logger.LogDebug("Connection lost: {Message}", ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Pipe misuse after the peer vanished mid-write; the connection is over either way.
            _server.Logger.LogDebug("Connection ended: {Message}", ex.Message);
        }
        finally
        {
            IsClosed = true;
        }
    }

    /// <summary>Sends a response on this connection's channel (also used for deferred Publish responses).</summary>
    public async Task SendResponseAsync(uint requestId, IEncodeable response, CancellationToken cancellationToken)
    {
        var channel = _channel ?? throw new StatusException(StatusCodes.BadSecureChannelClosed);
        try
        {
            await _tcp.SendAsync(MessageType.Message, channel.ChannelId, channel.Current!.TokenId, requestId, null, (ref BinaryEncoder e) =>
            {
                e.WriteNodeId(response.BinaryEncodingId);
                response.Encode(ref e);
            }, cancellationToken);
        }
        catch (StatusException ex) when (ex.Status.Code == StatusCodes.BadResponseTooLarge)
        {
            // Nothing was sent yet (otherwise the chunk writer aborted the message): answer with a fault.
            var header = (response as IResponse)?.Header;
            var fault = ServiceDispatcher.Fault(_server, null, ex.Status);
            fault.ResponseHeader!.RequestHandle = header?.RequestHandle ?? 0;
            await _tcp.SendAsync(MessageType.Message, channel.ChannelId, channel.Current!.TokenId, requestId, null, (ref BinaryEncoder e) =>
            {
                e.WriteNodeId(fault.BinaryEncodingId);
                fault.Encode(ref e);
            }, cancellationToken);
        }
    }

    public void Close() => _closed.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _tcp.DisposeAsync();
        _closed.Dispose();
    }

    private TimeSpan ReceiveTimeout()
    {
        if (_channel?.Current is not { } token)
        {
            return _server.Options.Transport.HandshakeTimeout;
        }

        var left = token.ExpiresAt - _server.Time.GetUtcNow().UtcDateTime;
        return left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
    }

    private async Task<bool> HandleAsync(IncomingMessage message, CancellationToken ct)
    {
        switch (message.MessageType)
        {
            case MessageType.Open:
                await OpenAsync(message, ct);
                return true;
            case MessageType.Close:
                CheckChannel(message);
                return false;
            default:
                CheckChannel(message);
                await ServeAsync(message, ct);
                return true;
        }
    }

    private void CheckChannel(IncomingMessage message)
    {
        if (_channel is null || message.ChannelId != _channel.ChannelId)
        {
            throw new StatusException(StatusCodes.BadSecureChannelIdInvalid, "channel " + message.ChannelId);
        }

        _channel.AcceptToken(message.TokenId);
    }

    /// <summary>OPC 10000-4 §5.5.2: Issue creates the channel, Renew gives it a new token.</summary>
    private async Task OpenAsync(IncomingMessage message, CancellationToken ct)
    {
        if (message.SecurityPolicyUri != SecurityPolicyNone.PolicyUri)
        {
            throw new StatusException(StatusCodes.BadSecurityPolicyRejected, message.SecurityPolicyUri ?? "(null)");
        }

        var request = Decode<OpenSecureChannelRequest>(message, ObjectIds.OpenSecureChannelRequest_Encoding_DefaultBinary);
        if (request.SecurityMode != MessageSecurityMode.None)
        {
            throw new StatusException(StatusCodes.BadSecurityModeRejected, request.SecurityMode.ToString());
        }

        if (_channel is null)
        {
            if (request.RequestType != SecurityTokenRequestType.Issue || message.ChannelId != 0)
            {
                throw new StatusException(StatusCodes.BadSecureChannelIdInvalid, "first OpenSecureChannel must Issue on channel 0");
            }

            _channel = new SecureChannelState(_server.NextChannelId(), SecurityPolicyNone.Instance, _server.Time);
        }
        else
        {
            if (request.RequestType != SecurityTokenRequestType.Renew || message.ChannelId != _channel.ChannelId)
            {
                throw new StatusException(StatusCodes.BadSecureChannelIdInvalid, "renew on channel " + message.ChannelId);
            }

            _server.Diagnostics.Renewed();
        }

        var token = _channel.IssueToken(request.RequestedLifetime, _server.Options.MinTokenLifetimeMs, _server.Options.MaxTokenLifetimeMs);
        var response = new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = _server.Time.GetUtcNow().UtcDateTime, RequestHandle = request.RequestHeader?.RequestHandle ?? 0 },
            ServerProtocolVersion = 0,
            SecurityToken = new ChannelSecurityToken { ChannelId = _channel.ChannelId, TokenId = token.TokenId, CreatedAt = token.CreatedAt, RevisedLifetime = token.RevisedLifetimeMs },
            ServerNonce = [],
        };
        await _tcp.SendAsync(MessageType.Open, _channel.ChannelId, 0, message.RequestId, AsymmetricHeader(), (ref BinaryEncoder e) =>
        {
            e.WriteNodeId(response.BinaryEncodingId);
            response.Encode(ref e);
        }, ct);
    }

    private async Task ServeAsync(IncomingMessage message, CancellationToken ct)
    {
        _server.Diagnostics.Request();
        IEncodeable request;
        RequestHeader header;
        {
            var d = new BinaryDecoder(message.Body.WrittenSpan, RequestLimits);
            var typeId = d.ReadNodeId();
            var created = typeId.NamespaceIndex == 0 && typeId.IdType == IdType.Numeric ? EncodeableFactory.Create(typeId.NumericId) : null;
            if (created is not IRequest)
            {
                throw new StatusException(StatusCodes.BadServiceUnsupported, "request type " + typeId);
            }

            created.Decode(ref d);
            request = created;
            header = ((IRequest)created).Header ?? new RequestHeader();
        }

        IEncodeable? response;
        try
        {
            response = ServiceDispatcher.Dispatch(_server, request, header, _channel!.ChannelId, _tcp.EndpointUrl, PublishLater(message.RequestId));
        }
        catch (StatusException ex)
        {
            _server.Diagnostics.Fault();
            response = ServiceDispatcher.Fault(_server, header, ex.Status);
        }

        if (response is not null)
        {
            await SendResponseAsync(message.RequestId, response, ct);
        }
    }

    private Func<RequestContext, PublishRequest, IEncodeable?>? PublishLater(uint requestId) =>
        _server.Subscriptions is Subscriptions.SubscriptionEngine engine
            ? (ctx, request) => engine.Publish(ctx, request, this, requestId)
            : null;

    private static T Decode<T>(IncomingMessage message, uint expectedEncodingId)
        where T : class, IEncodeable, new()
    {
        var d = new BinaryDecoder(message.Body.WrittenSpan, RequestLimits);
        var typeId = d.ReadNodeId();
        if (typeId != new NodeId(expectedEncodingId))
        {
            throw new StatusException(StatusCodes.BadDecodingError, "expected " + typeof(T).Name + ", got " + typeId);
        }

        var value = new T();
        value.Decode(ref d);
        return value;
    }

    private static byte[] AsymmetricHeader()
    {
        using var buffer = new PooledBuffer(64);
        var e = new BinaryEncoder(buffer, EncodingLimits.Default);
        e.WriteString(SecurityPolicyNone.PolicyUri);
        e.WriteByteString((byte[]?)null);
        e.WriteByteString((byte[]?)null);
        e.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private async Task TrySendErrorAsync(StatusCode status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _tcp.SendErrorAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            _server.Logger.LogDebug("Could not send ERR: {Message}", ex.Message);
        }
    }
}
