using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>Decides a Write for a variable; return Good to store the value, or a Bad status to refuse it.</summary>
public delegate StatusCode WriteHandler(UserIdentity user, VariableNode node, DataValue value);

/// <summary>Produces a variable's current value when it is read or sampled (no allocation for numeric values).</summary>
public delegate DataValue ValueSource();

/// <summary>
/// A variable (OPC 10000-3 §5.6). The value is either stored (set with <see cref="SetValue(DataValue)"/>) or
/// produced by a <see cref="ValueSource"/>. Reads take a short lock and copy a struct: no allocation.
/// </summary>
public sealed class VariableNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    private readonly Lock _gate = new();
    private DataValue _value;

    public override NodeClass NodeClass => NodeClass.Variable;
    public NodeId DataType { get; internal set; } = DataTypeIds.BaseDataType;
    public int ValueRank { get; internal set; } = -1;
    public uint[]? ArrayDimensions { get; internal set; }
    public byte AccessLevel { get; internal set; } = AccessLevels.CurrentRead;
    public double MinimumSamplingInterval { get; internal set; }
    public bool Historizing { get; internal set; }

    /// <summary>When set, only users in this role may write (UserAccessLevel drops CurrentWrite for others).</summary>
    public string? WriteRole { get; internal set; }

    public ValueSource? Source { get; internal set; }
    public WriteHandler? OnWrite { get; internal set; }

    private int _version;

    /// <summary>
    /// Incremented on every stored value change; lets samplers skip unchanged variables without taking the lock.
    /// An int so that the unlocked read is atomic on 32-bit ARM too; samplers only compare it for equality.
    /// </summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The stored value (used by the namespace-0 tables; applications call SetValue).</summary>
    public Variant Value
    {
        get => GetValue().Value;
        internal init => _value = new DataValue(value);
    }

    public DataValue GetValue()
    {
        var source = Source;
        if (source is not null)
        {
            return source();
        }

        lock (_gate)
        {
            return _value;
        }
    }

    public void SetValue(DataValue value)
    {
        lock (_gate)
        {
            _value = value;
            Volatile.Write(ref _version, _version + 1);
        }
    }

    public void SetValue(double value, StatusCode status, DateTime sourceTimestamp) =>
        SetValue(new DataValue(new Variant(value), status, sourceTimestamp, sourceTimestamp));

    public void SetValue(Variant value) => SetValue(new DataValue(value, StatusCode.Good, DateTime.UtcNow, DateTime.UtcNow));

    public byte UserAccessLevel(UserIdentity user)
    {
        var level = AccessLevel;
        if (WriteRole is not null && !user.IsInRole(WriteRole))
        {
            level = (byte)(level & ~AccessLevels.CurrentWrite);
        }

        return level;
    }
}

/// <summary>AccessLevel bits of OPC 10000-3 §8.57.</summary>
public static class AccessLevels
{
    public const byte CurrentRead = 0x01;
    public const byte CurrentWrite = 0x02;
}
