namespace EdgeTwin.Onnx;

/// <summary>
/// The model is well-formed but uses something this engine does not implement (an operator, opset,
/// attribute value or data type). Raised while loading, never while running.
/// </summary>
public sealed class OnnxUnsupportedException : Exception
{
    public OnnxUnsupportedException()
    {
    }

    public OnnxUnsupportedException(string message)
        : base(message)
    {
    }

    public OnnxUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
