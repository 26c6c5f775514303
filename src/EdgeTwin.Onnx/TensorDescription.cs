using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx;

/// <summary>A model input or output as the engine resolved it: name, element type and fixed shape.</summary>
public sealed record TensorDescription(string Name, OnnxDataType ElementType, IReadOnlyList<int> Shape)
{
    public int ElementCount
    {
        get
        {
            var count = 1;
            foreach (var dim in Shape)
            {
                count *= dim;
            }

            return count;
        }
    }

    public override string ToString() => $"{Name}: {ElementType}[{string.Join(",", Shape)}]";
}
