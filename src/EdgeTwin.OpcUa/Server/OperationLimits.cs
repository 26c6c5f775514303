namespace EdgeTwin.OpcUa.Server;

/// <summary>Per-call limits, published under ServerCapabilities/OperationLimits and enforced (Bad_TooManyOperations).</summary>
public sealed class OperationLimits
{
    public uint MaxNodesPerRead { get; init; } = 10_000;
    public uint MaxNodesPerWrite { get; init; } = 10_000;
    public uint MaxNodesPerMethodCall { get; init; } = 1_000;
    public uint MaxNodesPerBrowse { get; init; } = 1_000;
    public uint MaxNodesPerRegisterNodes { get; init; } = 1_000;
    public uint MaxNodesPerTranslateBrowsePathsToNodeIds { get; init; } = 1_000;
    public uint MaxMonitoredItemsPerCall { get; init; } = 10_000;

    /// <summary>References returned per node when the client asks for 0 (no limit) or more (§5.8.2).</summary>
    public uint MaxReferencesPerNode { get; init; } = 1_000;
}
