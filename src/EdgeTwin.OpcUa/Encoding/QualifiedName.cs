namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A name qualified by a namespace index (OPC 10000-3 §8.3), used for BrowseNames.</summary>
public readonly record struct QualifiedName(ushort NamespaceIndex, string? Name)
{
    public static readonly QualifiedName Null;

    public QualifiedName(string name)
        : this(0, name)
    {
    }

    public bool IsNull => NamespaceIndex == 0 && string.IsNullOrEmpty(Name);

    public override string ToString() => NamespaceIndex == 0 ? Name ?? string.Empty : NamespaceIndex + ":" + Name;
}
