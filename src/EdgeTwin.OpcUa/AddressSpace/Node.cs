using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>
/// The attributes every node has (OPC 10000-3 §5.2) and its references. References are a copy-on-write
/// array, so Browse reads them without a lock while the application adds nodes.
/// </summary>
public abstract class Node
{
    private ReferenceEntry[] _references = [];

    protected Node(NodeId nodeId, QualifiedName browseName, LocalizedText displayName)
    {
        NodeId = nodeId;
        BrowseName = browseName;
        DisplayName = displayName;
    }

    public NodeId NodeId { get; }
    public abstract NodeClass NodeClass { get; }
    public QualifiedName BrowseName { get; }
    public LocalizedText DisplayName { get; internal set; }
    public LocalizedText Description { get; internal set; }
    public uint WriteMask { get; internal set; }

    public ReadOnlySpan<ReferenceEntry> References => Volatile.Read(ref _references);

    internal ReferenceEntry[] ReferenceArray => Volatile.Read(ref _references);

    internal void AddReference(ReferenceEntry reference)
    {
        lock (this)
        {
            foreach (var r in _references)
            {
                if (r == reference)
                {
                    return;
                }
            }

            var grown = new ReferenceEntry[_references.Length + 1];
            _references.CopyTo(grown, 0);
            grown[^1] = reference;
            Volatile.Write(ref _references, grown);
        }
    }

    /// <summary>The target of the first forward HasTypeDefinition reference, or null.</summary>
    internal NodeId TypeDefinition
    {
        get
        {
            foreach (var r in ReferenceArray)
            {
                if (!r.IsInverse && r.ReferenceTypeId == ReferenceTypeIds.HasTypeDefinition)
                {
                    return r.TargetId;
                }
            }

            return NodeId.Null;
        }
    }
}
