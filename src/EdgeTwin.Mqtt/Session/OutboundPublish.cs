using System.Threading.Tasks.Sources;

namespace EdgeTwin.Mqtt.Session;

/// <summary>Where an outbound QoS 1/2 publish is in its acknowledgement flow (MQTT 5.0 §4.3.2–§4.3.3).</summary>
internal enum OutboundState : byte
{
    AwaitingPubAck,
    AwaitingPubRec,
    AwaitingPubComp,
}

/// <summary>
/// An unacknowledged QoS 1/2 publish and the awaitable its caller holds. Pooled and reset after the caller
/// reads the result, so a steady stream of publishes allocates no completion objects (MQTT 5.0 §4.4 keeps the
/// payload for retransmission, which is why the caller's memory must stay valid until completion).
/// </summary>
internal sealed class OutboundPublish : IValueTaskSource<MqttPublishResult>
{
    private readonly Action<OutboundPublish> _return;
    private ManualResetValueTaskSourceCore<MqttPublishResult> _core;

    public OutboundPublish(Action<OutboundPublish> returnToPool)
    {
        _return = returnToPool;
        _core.RunContinuationsAsynchronously = true;
    }

    public string Topic { get; set; } = "";
    public ReadOnlyMemory<byte> Payload { get; set; }
    public MqttQualityOfService QoS { get; set; }
    public bool Retain { get; set; }
    public MqttPublishProperties? Properties { get; set; }
    public ushort PacketId { get; set; }
    public long Sequence { get; set; }
    public OutboundState State { get; set; }

    /// <summary>Sent at least once in the current session, so a resend sets DUP (§3.3.1.1).</summary>
    public bool Sent { get; set; }

    public ValueTask<MqttPublishResult> AsValueTask() => new(this, _core.Version);

    public void Complete(MqttPublishResult result) => _core.SetResult(result);

    public void Fail(Exception error) => _core.SetException(error);

    public MqttPublishResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Topic = "";
            Payload = default;
            Properties = null;
            Sent = false;
            _core.Reset();
            _return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
