namespace EdgeTwin.Onnx.Model;

/// <summary>NodeProto. An empty input name marks an omitted optional input (ONNX IR spec, "Optional Inputs and Outputs").</summary>
public sealed class OnnxNode
{
    public string Name { get; init; } = "";

    public string OpType { get; init; } = "";

    /// <summary>Empty means the default domain <c>ai.onnx</c>.</summary>
    public string Domain { get; init; } = "";

    public IReadOnlyList<string> Inputs { get; init; } = [];

    public IReadOnlyList<string> Outputs { get; init; } = [];

    public IReadOnlyList<OnnxAttribute> Attributes { get; init; } = [];

    public OnnxAttribute? FindAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }
}
