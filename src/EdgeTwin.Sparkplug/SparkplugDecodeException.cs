namespace EdgeTwin.Sparkplug;

/// <summary>Why a payload or topic was rejected.</summary>
public enum SparkplugDecodeError
{
    Truncated,
    InvalidVarint,
    InvalidTag,
    InvalidWireType,
    TooLarge,
    TooManyMetrics,
    StringTooLong,
    InvalidUtf8,
    InvalidTopic,
    InvalidState,
}

/// <summary>A payload, topic or STATE message that does not follow Sparkplug B 3.0, or exceeds this decoder's limits.</summary>
public sealed class SparkplugDecodeException : FormatException
{
    public SparkplugDecodeException(SparkplugDecodeError error, string message)
        : base($"Sparkplug {error}: {message}") => Error = error;

    public SparkplugDecodeException()
    {
    }

    public SparkplugDecodeException(string message)
        : base(message)
    {
    }

    public SparkplugDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SparkplugDecodeError Error { get; }
}
