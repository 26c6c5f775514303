using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>What a method callback knows about its call.</summary>
public sealed record MethodCallContext(UserIdentity User, NodeId ObjectId, NodeId MethodId);

/// <summary>
/// Runs a method. Inputs are already checked against InputArguments; fill <paramref name="outputs"/> (sized
/// to OutputArguments) and return Good, or a Bad status.
/// </summary>
public delegate StatusCode MethodHandler(MethodCallContext context, ReadOnlySpan<Variant> inputs, Span<Variant> outputs);

public sealed class MethodNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    public override NodeClass NodeClass => NodeClass.Method;
    public bool Executable { get; internal set; } = true;

    /// <summary>When set, only users in this role may call the method.</summary>
    public string? ExecuteRole { get; internal set; }
    public MethodHandler? Handler { get; internal set; }
    public Argument[] InputArguments { get; internal set; } = [];
    public Argument[] OutputArguments { get; internal set; } = [];

    public bool UserExecutable(UserIdentity user) => Executable && Handler is not null && (ExecuteRole is null || user.IsInRole(ExecuteRole));
}
