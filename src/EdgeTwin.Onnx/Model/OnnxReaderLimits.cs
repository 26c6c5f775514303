namespace EdgeTwin.Onnx.Model;

/// <summary>
/// Bounds on everything a model file can make the reader allocate or walk. Defaults suit models an edge
/// gateway scores with (well under a megabyte); raise them deliberately for bigger ones.
/// </summary>
public sealed record OnnxReaderLimits
{
    public static OnnxReaderLimits Default { get; } = new();

    public int MaxModelBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Message nesting depth; a subgraph in an attribute adds three levels (graph, node, attribute).</summary>
    public int MaxDepth { get; init; } = 24;

    /// <summary>Nodes across the main graph and all subgraphs.</summary>
    public int MaxNodes { get; init; } = 20_000;

    /// <summary>Elements in one tensor (product of its dims).</summary>
    public int MaxTensorElements { get; init; } = 16 * 1024 * 1024;

    public int MaxRank { get; init; } = 16;

    /// <summary>UTF-8 bytes in one name or string attribute.</summary>
    public int MaxStringBytes { get; init; } = 4096;

    /// <summary>Entries in one repeated field (node inputs, attribute ints, graph initializers, ...).</summary>
    public int MaxListCount { get; init; } = 1_000_000;
}
