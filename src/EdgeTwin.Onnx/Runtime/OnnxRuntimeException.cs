namespace EdgeTwin.Onnx.Runtime;

/// <summary>The native ONNX Runtime library could not be loaded or reported an error status.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException()
    {
    }

    public OnnxRuntimeException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
