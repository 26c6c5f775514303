using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EdgeTwin.Mqtt.Adapter;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Session;

namespace EdgeTwin.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Reads and dispatches packets until the connection ends. Any protocol violation closes the connection with
    /// the violation's reason code — sent in a 5.0 DISCONNECT (§4.13) — and is reported in <see cref="Disconnected"/>.
    /// </summary>
    private async Task ReceiveLoopAsync(ClientConnection connection)
    {
        var input = connection.Channel.Input;
        var reason = MqttReasonCode.UnspecifiedError;
        var byServer = false;
        Exception? error = null;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                try
                {
                    while (MqttFrameReader.TryRead(ref buffer, _options.MaximumPacketSize, out var frame))
                    {
                        Volatile.Write(ref connection.LastReceiveTicks, Environment.TickCount64);
                        if (await HandleFrameAsync(connection, frame).ConfigureAwait(false) is { } disconnect)
                        {
                            reason = disconnect.ReasonCode;
                            byServer = true;
                            error = new MqttConnectionException($"The server sent DISCONNECT: {disconnect.ReasonCode} (0x{(byte)disconnect.ReasonCode:X2}){(disconnect.ReasonString is null ? "" : ", " + disconnect.ReasonString)}.");
                            return;
                        }
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (read.IsCompleted)
                {
                    error = new MqttConnectionException("The server closed the connection.");
                    return;
                }
            }
        }
        catch (MqttProtocolException ex)
        {
            reason = ex.ReasonCode;
            error = ex;
            await SendDisconnectForErrorAsync(connection, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or MqttConnectionException or InvalidOperationException)
        {
            error = ex as MqttConnectionException ?? new MqttConnectionException("The connection to the MQTT server was lost.", ex);
        }
        finally
        {
            if (connection.CloseReason is { } local)
            {
                reason = local;
                error = connection.CloseError;
                byServer = false;
            }

            // The lifetime source is not disposed: Close may still be called on it from another thread.
            connection.Close();
            await connection.KeepAliveLoop.ConfigureAwait(false);
            OnConnectionLost(connection, reason, byServer, error);
            await connection.Channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask SendDisconnectForErrorAsync(ClientConnection connection, MqttProtocolException error)
    {
        if (connection.Version != MqttProtocolVersion.V500 || connection.Channel.IsClosed)
        {
            // MQTT 3.1.1 §4.8: the only reaction to a protocol violation is to close the connection.
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await connection.Channel.SendAsync(new DisconnectPacket { ReasonCode = error.ReasonCode }, static (IBufferWriter<byte> o, in DisconnectPacket p, MqttProtocolVersion v) => DisconnectCodec.Encode(o, p, v), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttConnectionException or OperationCanceledException)
        {
            // Best effort: the connection is being closed either way.
        }
    }

    /// <returns>The server's DISCONNECT, which ends the loop; null otherwise.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<DisconnectPacket?> HandleFrameAsync(ClientConnection connection, MqttFrame frame)
    {
        byte[]? rented = null;
        ReadOnlyMemory<byte> body;
        if (frame.Body.IsSingleSegment)
        {
            body = frame.Body.First;
        }
        else
        {
            // A packet split across pipe segments is copied once; its length was already checked against the limit.
            var length = (int)frame.Body.Length;
            rented = ArrayPool<byte>.Shared.Rent(length);
            frame.Body.CopyTo(rented);
            body = rented.AsMemory(0, length);
        }

        try
        {
            var version = connection.Version;
            switch (frame.Type)
            {
                case PacketType.Publish:
                    await OnPublishAsync(connection, PublishCodec.Decode(frame.Header, body, version)).ConfigureAwait(false);
                    return null;
                case PacketType.PubAck or PacketType.PubRec or PacketType.PubRel or PacketType.PubComp:
                    await OnPublishResponseAsync(connection, PublishResponseCodec.Decode(frame.Header, body, version)).ConfigureAwait(false);
                    return null;
                case PacketType.SubAck:
                    var subAck = AckCodecs.DecodeSubAck(frame.Header, body, version);
                    CompletePendingAck(subAck.PacketId, subAck.ReasonCodes);
                    return null;
                case PacketType.UnsubAck:
                    var unsubAck = AckCodecs.DecodeUnsubAck(frame.Header, body, version);
                    CompletePendingAck(unsubAck.PacketId, unsubAck.ReasonCodes);
                    return null;
                case PacketType.PingResp:
                    PingCodec.Decode(frame.Header, body);
                    Volatile.Write(ref connection.PingOutstanding, 0);
                    return null;
                case PacketType.Disconnect:
                    return DisconnectCodec.DecodeDisconnect(frame.Header, body, version);
                case PacketType.Auth:
                    DisconnectCodec.DecodeAuth(frame.Header, body, version);
                    throw MqttProtocolException.ProtocolError("The server sent AUTH although no authentication method was requested (MQTT 5.0 §4.12).");
                default:
                    // CONNACK after CONNACK, or a packet only a client sends (§3.1: CONNECT; §3.8, §3.10, §3.12).
                    throw MqttProtocolException.ProtocolError($"The server sent {PacketNames.Of(frame.Type)}, which it must not send at this point.");
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Inbound PUBLISH: resolve the topic alias, deliver, acknowledge (MQTT 5.0 §4.3; QoS 2 uses method B of §4.3.3).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnPublishAsync(ClientConnection connection, PublishPacket publish)
    {
        var topic = publish.Topic;
        if (publish.TopicAlias != 0)
        {
            if (publish.TopicAlias >= connection.TopicAliases.Length)
            {
                throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, $"Topic Alias {publish.TopicAlias} exceeds the Topic Alias Maximum {connection.TopicAliases.Length - 1} (MQTT 5.0 §3.3.2.3.4).");
            }

            if (topic.Length == 0)
            {
                topic = connection.TopicAliases[publish.TopicAlias]
                    ?? throw MqttProtocolException.ProtocolError($"Topic Alias {publish.TopicAlias} was never set on this connection (MQTT 5.0 §3.3.2.3.4).");
            }
            else
            {
                connection.TopicAliases[publish.TopicAlias] = topic;
            }
        }

        switch (publish.QoS)
        {
            case MqttQualityOfService.AtMostOnce:
                await DeliverAsync(connection, publish, topic).ConfigureAwait(false);
                break;
            case MqttQualityOfService.AtLeastOnce:
                await DeliverAsync(connection, publish, topic).ConfigureAwait(false);
                await connection.Channel.SendAsync(new PublishResponsePacket { Type = PacketType.PubAck, PacketId = publish.PacketId, ReasonCode = MqttReasonCode.Success }, EncodeResponse).ConfigureAwait(false);
                break;
            default:
                bool first;
                lock (_sync)
                {
                    if (!_inboundQoS2.Contains(publish.PacketId) && _inboundQoS2.Count >= _options.ReceiveMaximum)
                    {
                        throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, $"The server has more than {_options.ReceiveMaximum} QoS 2 publishes unreleased (MQTT 5.0 §3.3.4).");
                    }

                    first = _inboundQoS2.Add(publish.PacketId);
                }

                if (first)
                {
                    await DeliverAsync(connection, publish, topic).ConfigureAwait(false);
                }

                await connection.Channel.SendAsync(new PublishResponsePacket { Type = PacketType.PubRec, PacketId = publish.PacketId, ReasonCode = MqttReasonCode.Success }, EncodeResponse).ConfigureAwait(false);
                break;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnPubRelAsync(ClientConnection connection, ushort packetId)
    {
        bool known;
        lock (_sync)
        {
            known = _inboundQoS2.Remove(packetId);
        }

        var reason = known || connection.Version == MqttProtocolVersion.V311 ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound;
        await connection.Channel.SendAsync(new PublishResponsePacket { Type = PacketType.PubComp, PacketId = packetId, ReasonCode = reason }, EncodeResponse).ConfigureAwait(false);
    }

    private ValueTask DeliverAsync(ClientConnection connection, in PublishPacket publish, string topic)
    {
        MqttPublishProperties? properties = null;
        if (publish.PayloadFormatIndicator is not null || publish.MessageExpiryInterval is not null || publish.ContentType is not null
            || publish.ResponseTopic is not null || publish.CorrelationData is not null || publish.UserProperties is not null)
        {
            properties = new MqttPublishProperties
            {
                PayloadFormatIndicator = publish.PayloadFormatIndicator,
                MessageExpiryInterval = publish.MessageExpiryInterval,
                ContentType = publish.ContentType,
                ResponseTopic = publish.ResponseTopic,
                CorrelationData = publish.CorrelationData is { } correlation ? (ReadOnlyMemory<byte>?)correlation.ToArray() : null,
                UserProperties = publish.UserProperties,
            };
        }

        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = publish.Payload.ToArray(),
            QoS = publish.QoS,
            Retain = publish.Retain,
            Duplicate = publish.Duplicate,
            Properties = properties,
            SubscriptionIdentifiers = publish.SubscriptionIdentifiers,
        };
        return _messages.Writer.WriteAsync(message, connection.Lifetime.Token);
    }
}
