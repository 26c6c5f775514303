using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>Decides a Write for a variable; return Good to store the value, or a Bad status to refuse it.</summary>
public delegate StatusCode WriteHandler(UserIdentity user, VariableNode node, DataValue value);

/// <summary>Produces a variable's current value when it is read or sampled (no allocation for numeric values).</summary>
public delegate DataValue ValueSource();

/// <summary>
/// A variable (OPC 10000-3 §5.6). The value is either stored (set with <see cref="SetValue(DataValue)"/>) or
/// produced by a <see cref="ValueSource"/>. The stored value is guarded by a sequence lock: a reader copies the
/// struct between two reads of an even sequence number and retries if a writer moved it, so reads — 100,000 a
/// second from the samplers of 10,000 monitored items — take no lock, allocate nothing and never block a writer.
/// </summary>
public sealed class VariableNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName) : Node(nodeId, browseName, displayName)
{
    private DataValue _value;

    /// <summary>Odd while a writer is storing a value; +2 per stored value.</summary>
    private int _sequence;

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

    /// <summary>
    /// Changes on every stored value change; lets samplers skip unchanged variables without reading the value.
    /// An int so that the read is atomic on 32-bit ARM too; samplers only compare it for equality.
    /// </summary>
    public int Version => Volatile.Read(ref _sequence) >> 1;

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

        var spin = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if ((before & 1) == 0)
            {
                var copy = _value;

                // The copy's loads may not move past the second read of the sequence (free on x86, dmb on ARM).
                Volatile.ReadBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    return copy;
                }
            }

            spin.SpinOnce();
        }
    }

    public void SetValue(DataValue value)
    {
        var spin = default(SpinWait);
        int current;
        while (((current = Volatile.Read(ref _sequence)) & 1) != 0 || Interlocked.CompareExchange(ref _sequence, current + 1, current) != current)
        {
            spin.SpinOnce();
        }

        _value = value;
        Volatile.Write(ref _sequence, current + 2);
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
