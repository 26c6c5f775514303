namespace EdgeTwin.Mqtt;

/// <summary>The server answered CONNECT with a failure CONNACK (MQTT 5.0 §3.2.2.2; 3.1.1 return codes mapped).</summary>
public sealed class MqttConnectionRefusedException : Exception
{
    public MqttConnectionRefusedException(MqttReasonCode reasonCode, string? reasonString)
        : base($"The MQTT server refused the connection: {reasonCode} (0x{(byte)reasonCode:X2}){(reasonString is null ? "" : ": " + reasonString)}.")
    {
        ReasonCode = reasonCode;
        ReasonString = reasonString;
    }

    public MqttConnectionRefusedException()
        : this(MqttReasonCode.UnspecifiedError, null)
    {
    }

    public MqttConnectionRefusedException(string message)
        : base(message) => ReasonCode = MqttReasonCode.UnspecifiedError;

    public MqttConnectionRefusedException(string message, Exception innerException)
        : base(message, innerException) => ReasonCode = MqttReasonCode.UnspecifiedError;

    public MqttReasonCode ReasonCode { get; }

    public string? ReasonString { get; }
}
