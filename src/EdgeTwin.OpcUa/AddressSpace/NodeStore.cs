using System.Collections.Concurrent;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>
/// All nodes of the server by NodeId, with the type hierarchy (HasSubtype) kept as a supertype map so
/// "is this reference type a subtype of that one" is a short walk, not a browse.
/// </summary>
internal sealed class NodeStore
{
    private readonly ConcurrentDictionary<NodeId, Node> _nodes = new();
    private readonly ConcurrentDictionary<NodeId, NodeId> _superTypes = new();

    public int Count => _nodes.Count;

    public IEnumerable<Node> Nodes => _nodes.Values;

    public bool TryGet(NodeId id, out Node node) => _nodes.TryGetValue(id, out node!);

    public Node? Find(NodeId id) => _nodes.TryGetValue(id, out var n) ? n : null;

    public T Add<T>(T node)
        where T : Node
    {
        if (!_nodes.TryAdd(node.NodeId, node))
        {
            throw new ArgumentException("node " + node.NodeId + " already exists", nameof(node));
        }

        return node;
    }

    /// <summary>Adds the forward reference to the source and the inverse one to the target.</summary>
    public void AddReference(NodeId source, NodeId referenceType, NodeId target)
    {
        if (_nodes.TryGetValue(source, out var s))
        {
            s.AddReference(new ReferenceEntry(referenceType, false, target));
        }

        if (_nodes.TryGetValue(target, out var t))
        {
            t.AddReference(new ReferenceEntry(referenceType, true, source));
        }

        if (referenceType == ReferenceTypeIds.HasSubtype)
        {
            _superTypes[target] = source;
        }
    }

    public NodeId SuperTypeOf(NodeId type) => _superTypes.TryGetValue(type, out var s) ? s : NodeId.Null;

    /// <summary>True when <paramref name="type"/> is <paramref name="ancestor"/> or one of its subtypes.</summary>
    public bool IsSubtypeOf(NodeId type, NodeId ancestor)
    {
        for (var i = 0; i < 64 && !type.IsNull; i++)
        {
            if (type == ancestor)
            {
                return true;
            }

            type = SuperTypeOf(type);
        }

        return false;
    }
}
