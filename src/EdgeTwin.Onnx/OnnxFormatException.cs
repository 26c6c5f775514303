namespace EdgeTwin.Onnx;

/// <summary>The model bytes are not a well-formed ONNX ModelProto, or break a configured limit.</summary>
public sealed class OnnxFormatException : Exception
{
    public OnnxFormatException()
    {
    }

    public OnnxFormatException(string message)
        : base(message)
    {
    }

    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OnnxFormatException(string fieldPath, string problem)
        : base($"{fieldPath}: {problem}")
    {
        FieldPath = fieldPath;
    }

    /// <summary>Where in the model the problem is, e.g. <c>graph.node[3].attribute[0].t.dims</c>.</summary>
    public string FieldPath { get; } = "";
}
