using Microsoft.Extensions.Logging;
using System.Buffers;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Session;

namespace EdgeTwin.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Subscribes and returns the SUBACK reason code per filter (granted QoS, or a failure ≥ 0x80). Granted
    /// subscriptions are renewed automatically when a reconnect finds no session on the server.
    /// </summary>
    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfZero(subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            ValidateFilter(subscription.TopicFilter);
        }

        var connection = CurrentConnection();
        var codes = await SubscribeOnAsync(connection, subscriptions, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            for (var i = 0; i < subscriptions.Count && i < codes.Count; i++)
            {
                if ((byte)codes[i] < 0x80)
                {
                    _subscriptions.RemoveAll(s => s.TopicFilter == subscriptions[i].TopicFilter);
                    _subscriptions.Add(subscriptions[i]);
                }
            }
        }

        return codes;
    }

    public Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(string topicFilter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttSubscription(topicFilter, qos)], cancellationToken);

    /// <summary>Unsubscribes; the codes are 5.0 UNSUBACK reasons (§3.11.3), all Success on 3.1.1 which has none.</summary>
    public async Task<IReadOnlyList<MqttReasonCode>> UnsubscribeAsync(IReadOnlyList<string> topicFilters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicFilters);
        ArgumentOutOfRangeException.ThrowIfZero(topicFilters.Count);
        foreach (var filter in topicFilters)
        {
            ValidateFilter(filter);
        }

        var connection = CurrentConnection();
        var (packetId, completion) = RegisterPendingAck();
        var packet = new UnsubscribePacket { PacketId = packetId, TopicFilters = topicFilters };
        var codes = await SendAndAwaitAckAsync(connection, packetId, completion, packet, static (IBufferWriter<byte> o, in UnsubscribePacket p, MqttProtocolVersion v) => UnsubscribeCodec.Encode(o, p, v), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _subscriptions.RemoveAll(s => topicFilters.Contains(s.TopicFilter));
        }

        return codes.Count == 0 ? Enumerable.Repeat(MqttReasonCode.Success, topicFilters.Count).ToArray() : codes;
    }

    private Task<IReadOnlyList<MqttReasonCode>> SubscribeOnAsync(ClientConnection connection, IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        var (packetId, completion) = RegisterPendingAck();
        var packet = new SubscribePacket { PacketId = packetId, Subscriptions = subscriptions };
        return SendAndAwaitAckAsync(connection, packetId, completion, packet, static (IBufferWriter<byte> o, in SubscribePacket p, MqttProtocolVersion v) => SubscribeCodec.Encode(o, p, v), cancellationToken);
    }

    private async Task<IReadOnlyList<MqttReasonCode>> SendAndAwaitAckAsync<TPacket>(
        ClientConnection connection,
        ushort packetId,
        TaskCompletionSource<IReadOnlyList<MqttReasonCode>> completion,
        TPacket packet,
        Adapter.PacketEncoder<TPacket> encode,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.Channel.SendAsync(packet, encode, cancellationToken).ConfigureAwait(false);
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_sync)
            {
                if (_pendingAcks.Remove(packetId))
                {
                    _packetIds.Return(packetId);
                }
            }

            throw;
        }
    }

    private async Task ResubscribeAsync(ClientConnection connection, List<MqttSubscription> subscriptions)
    {
        try
        {
            var codes = await SubscribeOnAsync(connection, subscriptions, CancellationToken.None).ConfigureAwait(false);
            _logger.LogInformation("MQTT renewed {Count} subscriptions after a reconnect without session: {Codes}.", subscriptions.Count, string.Join(',', codes));
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "MQTT could not renew subscriptions after a reconnect.");
        }
    }

    private (ushort PacketId, TaskCompletionSource<IReadOnlyList<MqttReasonCode>> Completion) RegisterPendingAck()
    {
        var completion = new TaskCompletionSource<IReadOnlyList<MqttReasonCode>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            var packetId = _packetIds.Rent();
            _pendingAcks.Add(packetId, completion);
            return (packetId, completion);
        }
    }

    private void CompletePendingAck(ushort packetId, IReadOnlyList<MqttReasonCode> codes)
    {
        TaskCompletionSource<IReadOnlyList<MqttReasonCode>>? completion;
        lock (_sync)
        {
            if (!_pendingAcks.Remove(packetId, out completion))
            {
                return;
            }

            _packetIds.Return(packetId);
        }

        completion.TrySetResult(codes);
    }

    private ClientConnection CurrentConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_sync)
        {
            return _connection ?? throw new MqttConnectionException("Not connected to the MQTT server.");
        }
    }

    private static void ValidateFilter(string filter)
    {
        try
        {
            TopicValidation.ValidateTopicFilter(filter);
        }
        catch (MqttProtocolException ex)
        {
            throw new ArgumentException(ex.Message, nameof(filter), ex);
        }
    }
}
