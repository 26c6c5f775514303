namespace EdgeTwin.OpcUa.Encoding;

/// <summary>A NodeId that may name its namespace by URI and another server by index (OPC 10000-6 §5.2.2.10).</summary>
public readonly record struct ExpandedNodeId(NodeId NodeId, string? NamespaceUri = null, uint ServerIndex = 0)
{
    public static readonly ExpandedNodeId Null;

    public bool IsNull => NodeId.IsNull && NamespaceUri is null && ServerIndex == 0;

    /// <summary>True when the id is local to this server and needs no namespace lookup.</summary>
    public bool IsLocal => NamespaceUri is null && ServerIndex == 0;

    public static implicit operator ExpandedNodeId(NodeId nodeId) => new(nodeId);

    public static ExpandedNodeId FromNodeId(NodeId nodeId) => new(nodeId);

    public override string ToString() =>
        (ServerIndex != 0 ? "svr=" + ServerIndex + ";" : string.Empty) +
        (NamespaceUri is null ? string.Empty : "nsu=" + NamespaceUri + ";") + NodeId;
}
