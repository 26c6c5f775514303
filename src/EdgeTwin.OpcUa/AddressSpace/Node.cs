using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>
/// The attributes every node has (OPC 10000-3 §5.2) and its references. References are append-only: an entry
/// is written before the count that makes it visible is published, and a grown array before its count, so
/// Browse reads them without a lock while the application adds nodes. Capacity doubles, so a folder of
/// 10,000 variables costs amortised O(1) per child rather than a copy of all its siblings.
/// </summary>
public abstract class Node
{
    /// <summary>Above this many references the duplicate check uses a set instead of a scan.</summary>
    private const int ScanLimit = 16;

    private ReferenceEntry[] _references = [];
    private int _referenceCount;
    private HashSet<ReferenceEntry>? _referenceSet;

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

    public ReadOnlySpan<ReferenceEntry> References
    {
        get
        {
            // Count first: the array read after it is at least as new, so it holds every counted entry.
            var count = Volatile.Read(ref _referenceCount);
            return Volatile.Read(ref _references).AsSpan(0, count);
        }
    }

    internal void AddReference(ReferenceEntry reference)
    {
        lock (this)
        {
            var count = _referenceCount;
            if (IsDuplicate(reference, count))
            {
                return;
            }

            var items = _references;
            if (count == items.Length)
            {
                var grown = new ReferenceEntry[Math.Max(4, count * 2)];
                items.AsSpan(0, count).CopyTo(grown);
                Volatile.Write(ref _references, grown);
                items = grown;
            }

            items[count] = reference;
            _referenceSet?.Add(reference);
            Volatile.Write(ref _referenceCount, count + 1);
        }
    }

    private bool IsDuplicate(ReferenceEntry reference, int count)
    {
        if (_referenceSet is not null)
        {
            return _referenceSet.Contains(reference);
        }

        foreach (var r in _references.AsSpan(0, count))
        {
            if (r == reference)
            {
                return true;
            }
        }

        if (count >= ScanLimit)
        {
            _referenceSet = new HashSet<ReferenceEntry>(_references.AsSpan(0, count).ToArray());
        }

        return false;
    }

    /// <summary>The target of the first forward HasTypeDefinition reference, or null.</summary>
    internal NodeId TypeDefinition
    {
        get
        {
            foreach (var r in References)
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
