namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// An operation failed with a specific OPC UA status. The decoder throws it on bad input; the connection
/// and service layers catch it and turn it into an ERR message or a ServiceFault carrying the status.
/// </summary>
public sealed class StatusException : Exception
{
    public StatusException(StatusCode status)
        : base(status.ToString())
    {
        Status = status;
    }

    public StatusException(StatusCode status, string message)
        : base(status + ": " + message)
    {
        Status = status;
    }

    public StatusException()
        : this(StatusCodes.BadUnexpectedError)
    {
    }

    public StatusException(string message)
        : this(StatusCodes.BadUnexpectedError, message)
    {
    }

    public StatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.BadUnexpectedError;
    }

    public StatusCode Status { get; }
}
