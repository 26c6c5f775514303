using EdgeTwin.Mqtt.Adapter;

namespace EdgeTwin.Mqtt.Session;

/// <summary>What one accepted connection negotiated (MQTT 5.0 §3.2.2.3) plus its per-connection state.</summary>
internal sealed class ClientConnection(MqttChannel channel, MqttConnectResult negotiated, ushort topicAliasMaximum, TimeSpan keepAlive, TimeSpan pingTimeout)
{
    public MqttChannel Channel { get; } = channel;

    public MqttConnectResult Negotiated { get; } = negotiated;

    public MqttProtocolVersion Version => Channel.Version;

    public TimeSpan KeepAlive { get; } = keepAlive;

    public TimeSpan PingTimeout { get; } = pingTimeout;

    /// <summary>Inbound topic aliases (MQTT 5.0 §3.3.2.3.4) live only as long as the network connection.</summary>
    public string?[] TopicAliases { get; } = new string?[topicAliasMaximum + 1];

    public CancellationTokenSource Lifetime { get; } = new();

    public long LastReceiveTicks;

    public long PingSentTicks;

    public int PingOutstanding;

    /// <summary>Set by this client before it closes the connection itself (DISCONNECT, missing PINGRESP).</summary>
    public MqttReasonCode? CloseReason { get; set; }

    public Exception? CloseError { get; set; }

    /// <summary>
    /// Ends the connection from this side: the socket goes, and the lifetime token releases a receive loop that
    /// waits for room in a full inbound queue.
    /// </summary>
    public void Close()
    {
        Channel.Abort();
        Lifetime.Cancel();
    }

    public Task ReceiveLoop { get; set; } = Task.CompletedTask;

    public Task KeepAliveLoop { get; set; } = Task.CompletedTask;
}
