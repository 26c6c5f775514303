using System.Globalization;

namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// A node identifier (OPC 10000-3 §8.2). Numeric ids carry no reference, so the common case costs no
/// allocation; string, Guid and opaque identifiers are held as one object.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    public static readonly NodeId Null;

    private readonly uint _numeric;
    private readonly object? _identifier;

    public NodeId(uint value, ushort namespaceIndex = 0)
    {
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Numeric;
        _numeric = value;
        _identifier = null;
    }

    public NodeId(string value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        NamespaceIndex = namespaceIndex;
        IdType = IdType.String;
        _numeric = 0;
        _identifier = value;
    }

    public NodeId(Guid value, ushort namespaceIndex)
    {
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Guid;
        _numeric = 0;
        _identifier = value;
    }

    public NodeId(byte[] value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        NamespaceIndex = namespaceIndex;
        IdType = IdType.Opaque;
        _numeric = 0;
        _identifier = value;
    }

    public ushort NamespaceIndex { get; }
    public IdType IdType { get; }

    public uint NumericId => _numeric;
    public string? StringId => _identifier as string;
    public Guid GuidId => _identifier is Guid g ? g : Guid.Empty;
    public byte[]? OpaqueId => _identifier as byte[];

    /// <summary>OPC 10000-3 §8.2.4: a null NodeId is numeric 0 in namespace 0 (other forms are also null).</summary>
    public bool IsNull => NamespaceIndex == 0 && IdType switch
    {
        IdType.Numeric => _numeric == 0,
        IdType.String => ((string)_identifier!).Length == 0,
        IdType.Guid => (Guid)_identifier! == Guid.Empty,
        _ => ((byte[])_identifier!).Length == 0,
    };

    public static implicit operator NodeId(uint value) => new(value);

    public static NodeId FromUInt32(uint value) => new(value);

    public bool Equals(NodeId other)
    {
        if (NamespaceIndex != other.NamespaceIndex || IdType != other.IdType)
        {
            return false;
        }

        return IdType switch
        {
            IdType.Numeric => _numeric == other._numeric,
            IdType.String => string.Equals((string)_identifier!, (string)other._identifier!, StringComparison.Ordinal),
            IdType.Guid => (Guid)_identifier! == (Guid)other._identifier!,
            _ => ((byte[])_identifier!).AsSpan().SequenceEqual((byte[])other._identifier!),
        };
    }

    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    public override int GetHashCode()
    {
        var h = IdType switch
        {
            IdType.Numeric => (int)_numeric,
            IdType.String => string.GetHashCode((string)_identifier!, StringComparison.Ordinal),
            IdType.Guid => ((Guid)_identifier!).GetHashCode(),
            _ => HashBytes((byte[])_identifier!),
        };
        return HashCode.Combine(NamespaceIndex, IdType, h);
    }

    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    /// <summary>The string form of OPC 10000-6 §5.3.1.10, e.g. <c>ns=2;s=Pump/Speed</c>.</summary>
    public override string ToString()
    {
        var prefix = NamespaceIndex == 0 ? string.Empty : "ns=" + NamespaceIndex.ToString(CultureInfo.InvariantCulture) + ";";
        return IdType switch
        {
            IdType.Numeric => prefix + "i=" + _numeric.ToString(CultureInfo.InvariantCulture),
            IdType.String => prefix + "s=" + (string)_identifier!,
            IdType.Guid => prefix + "g=" + ((Guid)_identifier!).ToString(),
            _ => prefix + "b=" + Convert.ToBase64String((byte[])_identifier!),
        };
    }

    /// <summary>Parses the §5.3.1.10 string form; returns false on anything else.</summary>
    public static bool TryParse(string? text, out NodeId nodeId)
    {
        nodeId = Null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ushort ns = 0;
        var rest = text.AsSpan();
        if (rest.StartsWith("ns="))
        {
            var semi = rest.IndexOf(';');
            if (semi < 0 || !ushort.TryParse(rest[3..semi], NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                return false;
            }

            rest = rest[(semi + 1)..];
        }

        if (rest.Length < 2 || rest[1] != '=')
        {
            return false;
        }

        var body = rest[2..];
        switch (rest[0])
        {
            case 'i' when uint.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                nodeId = new NodeId(n, ns);
                return true;
            case 's':
                nodeId = new NodeId(body.ToString(), ns);
                return true;
            case 'g' when Guid.TryParse(body, out var g):
                nodeId = new NodeId(g, ns);
                return true;
            case 'b':
                var bytes = new byte[(body.Length * 3 / 4) + 3];
                if (Convert.TryFromBase64Chars(body, bytes, out var written))
                {
                    nodeId = new NodeId(bytes.AsSpan(0, written).ToArray(), ns);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static int HashBytes(byte[] bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
