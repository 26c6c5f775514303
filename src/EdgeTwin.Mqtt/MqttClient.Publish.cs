using System.Runtime.CompilerServices;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Session;

namespace EdgeTwin.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Publishes a message. QoS 0 completes once written. QoS 1/2 completes when PUBACK (QoS 1) or PUBCOMP
    /// (QoS 2) arrives — across reconnects if need be — so the caller can advance a durable cursor on completion.
    /// At most <see cref="MqttClientOptions.MaximumInFlight"/> are unacknowledged; further calls wait for a slot
    /// (<paramref name="cancellationToken"/> only cancels that wait). <paramref name="payload"/> must stay unchanged
    /// until the returned task completes, because a resend reads it again (MQTT 5.0 §4.4). Await the result once.
    /// </summary>
    public ValueTask<MqttPublishResult> PublishAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce,
        bool retain = false,
        MqttPublishProperties? properties = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#') >= 0 || topic.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{topic}\" is not a valid topic name (MQTT 5.0 §4.7).", nameof(topic));
        }

        if (qos > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS is 0, 1 or 2.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return qos == MqttQualityOfService.AtMostOnce
            ? PublishAtMostOnceAsync(topic, payload, retain, properties, cancellationToken)
            : PublishAcknowledgedAsync(topic, payload, qos, retain, properties, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MqttPublishResult> PublishAtMostOnceAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, MqttPublishProperties? properties, CancellationToken cancellationToken)
    {
        ClientConnection connection;
        lock (_sync)
        {
            connection = _connection ?? throw new MqttConnectionException("Not connected; QoS 0 messages are not queued (MQTT 5.0 §4.3.1).");
        }

        CheckServerLimits(connection, MqttQualityOfService.AtMostOnce, retain);
        var packet = BuildPacket(topic, payload, MqttQualityOfService.AtMostOnce, retain, properties, packetId: 0, duplicate: false, connection.Version);
        var channel = connection.Channel;
        await channel.AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PublishCodec.Encode(channel.Output, packet, channel.Version, channel.MaximumOutboundPacketSize);
            await channel.FlushLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            channel.ReleaseWriter();
        }

        return new MqttPublishResult(MqttReasonCode.Success);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MqttPublishResult> PublishAcknowledgedAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, MqttPublishProperties? properties, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_connection is { } current)
            {
                CheckServerLimits(current, qos, retain);
            }
        }

        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        OutboundPublish entry;
        ClientConnection? connection;
        lock (_sync)
        {
            if (_disposed || _stopped)
            {
                _window.Release();
                ObjectDisposedException.ThrowIf(_disposed, this);
                throw new MqttConnectionException("The client is not started; call ConnectAsync first.");
            }

            connection = _connection;
            entry = _entryPool.Count > 0 ? _entryPool.Pop() : new OutboundPublish(_returnEntry);
            entry.Topic = topic;
            entry.Payload = payload;
            entry.QoS = qos;
            entry.Retain = retain;
            entry.Properties = properties;
            entry.PacketId = _packetIds.Rent();
            entry.Sequence = ++_sequence;
            entry.State = qos == MqttQualityOfService.AtLeastOnce ? OutboundState.AwaitingPubAck : OutboundState.AwaitingPubRec;
            _inFlight.Add(entry.PacketId, entry);
            _unsent.Enqueue(entry);
        }

        if (connection is not null)
        {
            await TryPumpAsync(connection).ConfigureAwait(false);
        }

        return await entry.AsValueTask().ConfigureAwait(false);
    }

    private static void CheckServerLimits(ClientConnection connection, MqttQualityOfService qos, bool retain)
    {
        if (qos > connection.Negotiated.MaximumQoS)
        {
            throw new MqttProtocolException(MqttReasonCode.QoSNotSupported, $"The server accepts QoS up to {(int)connection.Negotiated.MaximumQoS} (MQTT 5.0 §3.2.2.3.4).");
        }

        if (retain && !connection.Negotiated.RetainAvailable)
        {
            throw new MqttProtocolException(MqttReasonCode.RetainNotSupported, "The server does not support retained messages (MQTT 5.0 §3.2.2.3.5).");
        }
    }

    private static PublishPacket BuildPacket(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, MqttPublishProperties? properties, ushort packetId, bool duplicate, MqttProtocolVersion version)
    {
        var packet = new PublishPacket
        {
            Topic = topic,
            Payload = payload,
            QoS = qos,
            Retain = retain,
            PacketId = packetId,
            Duplicate = duplicate,
        };
        if (properties is null || version != MqttProtocolVersion.V500)
        {
            return packet;
        }

        return packet with
        {
            PayloadFormatIndicator = properties.PayloadFormatIndicator,
            MessageExpiryInterval = properties.MessageExpiryInterval,
            ContentType = properties.ContentType,
            ResponseTopic = properties.ResponseTopic,
            CorrelationData = properties.CorrelationData,
            UserProperties = properties.UserProperties,
        };
    }

    /// <summary>Sends queued publishes while the server's Receive Maximum allows; a lost connection is left to the receive loop.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask TryPumpAsync(ClientConnection connection)
    {
        try
        {
            await PumpAsync(connection).ConfigureAwait(false);
        }
        catch (MqttConnectionException)
        {
            // Entries stay in flight and are resent after the reconnect.
        }
    }

    /// <summary>
    /// Writes queued publishes in the order they were queued and flushes once: the write lock is taken before
    /// dequeuing, so two pumps never reorder messages on the wire (MQTT 5.0 §4.6).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PumpAsync(ClientConnection connection)
    {
        lock (_sync)
        {
            if (!CanSendLocked(connection))
            {
                return;
            }
        }

        var channel = connection.Channel;
        await channel.AcquireWriterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var wrote = false;
            while (TryDequeue(connection, out var packet, out var entry))
            {
                try
                {
                    if (entry.State == OutboundState.AwaitingPubComp)
                    {
                        // §4.4: after a PUBREC the flow resumes with PUBREL, not with the message.
                        PublishResponseCodec.Encode(channel.Output, new PublishResponsePacket { Type = PacketType.PubRel, PacketId = entry.PacketId, ReasonCode = MqttReasonCode.Success }, channel.Version);
                    }
                    else
                    {
                        PublishCodec.Encode(channel.Output, packet, channel.Version, channel.MaximumOutboundPacketSize);
                    }

                    wrote = true;
                }
                catch (Exception ex) when (ex is MqttProtocolException or ArgumentException)
                {
                    CompleteEntry(connection, entry.PacketId, entry.State, null, ex);
                }
            }

            if (wrote)
            {
                await channel.FlushLockedAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            channel.ReleaseWriter();
        }
    }

    private bool CanSendLocked(ClientConnection connection) =>
        _connection == connection && _unsent.Count > 0 && _sentCount < connection.Negotiated.ReceiveMaximum;

    private bool TryDequeue(ClientConnection connection, out PublishPacket packet, out OutboundPublish entry)
    {
        lock (_sync)
        {
            if (!CanSendLocked(connection))
            {
                packet = default;
                entry = null!;
                return false;
            }

            entry = _unsent.Dequeue();
            _sentCount++;
            packet = BuildPacket(entry.Topic, entry.Payload, entry.QoS, entry.Retain, entry.Properties, entry.PacketId, entry.Sent, connection.Version);
            entry.Sent = true;
            return true;
        }
    }

    /// <summary>
    /// Ends the flow of one outbound publish: frees its identifier and window slot and completes the caller's
    /// task. <paramref name="expected"/> guards against an acknowledgement of the wrong kind for the flow's state.
    /// </summary>
    private bool CompleteEntry(ClientConnection connection, ushort packetId, OutboundState expected, MqttPublishResult? result, Exception? error = null)
    {
        OutboundPublish? entry;
        lock (_sync)
        {
            if (!_inFlight.TryGetValue(packetId, out entry) || entry.State != expected || (error is null && !entry.Sent))
            {
                return false;
            }

            _inFlight.Remove(packetId);
            _packetIds.Return(packetId);
            if (_connection == connection && entry.Sent)
            {
                _sentCount--;
            }
        }

        if (error is not null)
        {
            entry.Fail(error);
        }
        else
        {
            entry.Complete(result!.Value);
        }

        _window.Release();
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnPublishResponseAsync(ClientConnection connection, PublishResponsePacket response)
    {
        var result = new MqttPublishResult(response.ReasonCode, response.ReasonString);
        switch (response.Type)
        {
            case PacketType.PubAck:
                if (CompleteEntry(connection, response.PacketId, OutboundState.AwaitingPubAck, result))
                {
                    await PumpAsync(connection).ConfigureAwait(false);
                }

                break;
            case PacketType.PubRec:
                await OnPubRecAsync(connection, response, result).ConfigureAwait(false);
                break;
            case PacketType.PubComp:
                if (CompleteEntry(connection, response.PacketId, OutboundState.AwaitingPubComp, result))
                {
                    await PumpAsync(connection).ConfigureAwait(false);
                }

                break;
            case PacketType.PubRel:
                await OnPubRelAsync(connection, response.PacketId).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>MQTT 5.0 §4.3.3: PUBREC moves the flow to PUBREL/PUBCOMP, or ends it when the code is a failure.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnPubRecAsync(ClientConnection connection, PublishResponsePacket response, MqttPublishResult result)
    {
        if (!result.IsSuccess)
        {
            if (CompleteEntry(connection, response.PacketId, OutboundState.AwaitingPubRec, result))
            {
                await PumpAsync(connection).ConfigureAwait(false);
            }

            return;
        }

        var known = false;
        lock (_sync)
        {
            if (_inFlight.TryGetValue(response.PacketId, out var entry) && entry.Sent && entry.State is OutboundState.AwaitingPubRec or OutboundState.AwaitingPubComp)
            {
                entry.State = OutboundState.AwaitingPubComp;
                known = true;
            }
        }

        // §4.3.3: answer even an unknown PUBREC so the server can finish its side; 5.0 says why (§3.6.2.1).
        var reason = known || connection.Version == MqttProtocolVersion.V311 ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound;
        await connection.Channel.SendAsync(new PublishResponsePacket { Type = PacketType.PubRel, PacketId = response.PacketId, ReasonCode = reason }, EncodeResponse).ConfigureAwait(false);
    }

    private static int EncodeResponse(System.Buffers.IBufferWriter<byte> output, in PublishResponsePacket packet, MqttProtocolVersion version) =>
        PublishResponseCodec.Encode(output, packet, version);
}
