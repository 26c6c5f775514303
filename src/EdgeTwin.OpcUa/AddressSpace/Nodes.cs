using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.AddressSpace;

public sealed class ObjectNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.Object;
    public byte EventNotifier { get; internal set; }
}

public sealed class ViewNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.View;
    public bool ContainsNoLoops { get; internal set; }
    public byte EventNotifier { get; internal set; }
}

public sealed class ObjectTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.ObjectType;
    public bool IsAbstract { get; internal set; }
}

public sealed class VariableTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.VariableType;
    public bool IsAbstract { get; internal set; }
    public Variant Value { get; internal set; }
    public NodeId DataType { get; internal set; } = DataTypeIds.BaseDataType;
    public int ValueRank { get; internal set; } = -2;
    public uint[]? ArrayDimensions { get; internal set; }
}

public sealed class ReferenceTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.ReferenceType;
    public bool IsAbstract { get; internal set; }
    public bool Symmetric { get; internal set; }
    public LocalizedText InverseName { get; internal set; }
}

public sealed class DataTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.DataType;
    public bool IsAbstract { get; internal set; }
}
