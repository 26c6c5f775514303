using System.Text;

namespace EdgeTwin.Onnx.Model;

/// <summary>The stack of fields the decoder is inside, rendered like <c>graph.node[3].attribute[0].t</c> for errors.</summary>
internal sealed class FieldPath
{
    private readonly List<(string Name, int Index)> _segments = [];

    public int Depth => _segments.Count;

    public void Push(string name, int index = -1) => _segments.Add((name, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public string Render(string? leaf = null)
    {
        var text = new StringBuilder("model");
        foreach (var (name, index) in _segments)
        {
            text.Append('.').Append(name);
            if (index >= 0)
            {
                text.Append('[').Append(index).Append(']');
            }
        }

        if (leaf is not null)
        {
            text.Append('.').Append(leaf);
        }

        return text.ToString();
    }
}
