namespace EdgeTwin.Mqtt;

/// <summary>A connection was established (first or after a reconnect).</summary>
public sealed class MqttConnectedEventArgs(bool sessionPresent, bool isReconnect) : EventArgs
{
    /// <summary>MQTT 5.0 §3.2.2.1.1: the server kept the session, so subscriptions and in-flight state survived.</summary>
    public bool SessionPresent { get; } = sessionPresent;

    public bool IsReconnect { get; } = isReconnect;
}

/// <summary>A connection ended. <see cref="Exception"/> says why when it was not a normal close by this client.</summary>
public sealed class MqttDisconnectedEventArgs(MqttReasonCode reasonCode, bool byServer, Exception? exception) : EventArgs
{
    /// <summary>The server's DISCONNECT reason, or the reason this client sent (e.g. 0x81 after a malformed packet).</summary>
    public MqttReasonCode ReasonCode { get; } = reasonCode;

    public bool ByServer { get; } = byServer;

    public Exception? Exception { get; } = exception;
}
