namespace EdgeTwin.Mqtt;

/// <summary>The client has no usable connection: connecting failed at the transport, or the connection was closed.</summary>
public sealed class MqttConnectionException : Exception
{
    public MqttConnectionException()
    {
    }

    public MqttConnectionException(string message)
        : base(message)
    {
    }

    public MqttConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
