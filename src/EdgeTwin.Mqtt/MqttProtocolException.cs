namespace EdgeTwin.Mqtt;

/// <summary>
/// Input violated the protocol: a malformed or oversized packet, or a packet the state machine did not expect.
/// <see cref="ReasonCode"/> is the code sent in the closing DISCONNECT (MQTT 5.0 §4.13).
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(MqttReasonCode reasonCode, string message)
        : base(message) => ReasonCode = reasonCode;

    public MqttProtocolException()
        : this(MqttReasonCode.MalformedPacket, "Malformed MQTT packet.")
    {
    }

    public MqttProtocolException(string message)
        : this(MqttReasonCode.MalformedPacket, message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException) => ReasonCode = MqttReasonCode.MalformedPacket;

    public MqttReasonCode ReasonCode { get; }

    internal static MqttProtocolException Malformed(string message) => new(MqttReasonCode.MalformedPacket, message);

    internal static MqttProtocolException ProtocolError(string message) => new(MqttReasonCode.ProtocolError, message);
}
