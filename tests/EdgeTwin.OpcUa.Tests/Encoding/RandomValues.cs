using System.Reflection;

namespace EdgeTwin.OpcUa.Tests.Encoding;

/// <summary>Builds random values of every built-in type from a seed FsCheck supplies (so failures replay).</summary>
internal sealed class RandomValues(int seed)
{
    private readonly Random _random = new(seed);

    public Variant Variant(int depth = 0)
    {
        var type = (BuiltInType)_random.Next(1, 26);
        if (type == BuiltInType.Variant || (depth > 2 && type is BuiltInType.DataValue or BuiltInType.ExtensionObject or BuiltInType.DiagnosticInfo))
        {
            type = BuiltInType.Double;
        }

        if (_random.Next(4) == 0)
        {
            var n = _random.Next(0, 7);
            var array = Array.CreateInstance(global::EdgeTwin.OpcUa.Encoding.Variant.ElementClrType(type), n);
            for (var i = 0; i < n; i++)
            {
                array.SetValue(Scalar(type, depth).Value, i);
            }

            int[]? dims = n == 6 && _random.Next(2) == 0 ? [2, 3] : null;
            return new Variant(array, type, dims);
        }

        return Scalar(type, depth);
    }

    public Variant Scalar(BuiltInType type, int depth) => type switch
    {
        BuiltInType.Boolean => new Variant(_random.Next(2) == 1),
        BuiltInType.SByte => new Variant((sbyte)_random.Next(-128, 128)),
        BuiltInType.Byte => new Variant((byte)_random.Next(256)),
        BuiltInType.Int16 => new Variant((short)_random.Next(short.MinValue, short.MaxValue)),
        BuiltInType.UInt16 => new Variant((ushort)_random.Next(ushort.MaxValue)),
        BuiltInType.Int32 => new Variant(_random.Next(int.MinValue, int.MaxValue)),
        BuiltInType.UInt32 => new Variant((uint)_random.NextInt64(uint.MaxValue)),
        BuiltInType.Int64 => new Variant(_random.NextInt64(long.MinValue, long.MaxValue)),
        BuiltInType.UInt64 => new Variant((ulong)_random.NextInt64()),
        BuiltInType.Float => new Variant((float)(_random.NextDouble() * 1e6)),
        BuiltInType.Double => new Variant(_random.NextDouble() * 1e12 - 5e11),
        BuiltInType.String => new Variant(String()),
        BuiltInType.DateTime => new Variant(DateTime()),
        BuiltInType.Guid => new Variant(Guid()),
        BuiltInType.ByteString => new Variant(Bytes()),
        BuiltInType.XmlElement => global::EdgeTwin.OpcUa.Encoding.Variant.FromXmlElement("<a>" + _random.Next() + "</a>"),
        BuiltInType.NodeId => new Variant(NodeId()),
        BuiltInType.ExpandedNodeId => new Variant(new ExpandedNodeId(NodeId(), _random.Next(2) == 0 ? null : "urn:x:" + _random.Next(), (uint)_random.Next(3))),
        BuiltInType.StatusCode => new Variant(new StatusCode((uint)_random.NextInt64(uint.MaxValue))),
        BuiltInType.QualifiedName => new Variant(new QualifiedName((ushort)_random.Next(5), String())),
        BuiltInType.LocalizedText => new Variant(new LocalizedText(_random.Next(2) == 0 ? null : "en", String())),
        BuiltInType.ExtensionObject => new Variant(ExtensionObject(depth)),
        BuiltInType.DataValue => new Variant(DataValue(depth + 1)),
        BuiltInType.DiagnosticInfo => new Variant(DiagnosticInfo(2)),
        _ => new Variant(1.5),
    };

    public DataValue DataValue(int depth) => new(
        _random.Next(4) == 0 ? global::EdgeTwin.OpcUa.Encoding.Variant.Null : Variant(depth),
        _random.Next(2) == 0 ? default : new StatusCode(0x80AB0000),
        _random.Next(2) == 0 ? default : DateTime(),
        _random.Next(2) == 0 ? default : DateTime())
    {
        SourcePicoseconds = (ushort)_random.Next(2),
        ServerPicoseconds = (ushort)_random.Next(2),
    };

    public string? String() => _random.Next(8) switch
    {
        0 => null,
        1 => string.Empty,
        2 => "水Boy",
        _ => new string((char)('a' + _random.Next(26)), _random.Next(1, 20)),
    };

    public byte[]? Bytes()
    {
        if (_random.Next(6) == 0)
        {
            return null;
        }

        var b = new byte[_random.Next(0, 40)];
        _random.NextBytes(b);
        return b;
    }

    public DateTime DateTime() => _random.Next(6) == 0
        ? System.DateTime.MinValue
        : new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(_random.NextInt64(0, TimeSpan.TicksPerDay * 365 * 40));

    public Guid Guid()
    {
        var b = new byte[16];
        _random.NextBytes(b);
        return new Guid(b);
    }

    public NodeId NodeId() => _random.Next(6) switch
    {
        0 => new NodeId((uint)_random.Next(256)),
        1 => new NodeId((uint)_random.Next(65536), (ushort)_random.Next(256)),
        2 => new NodeId((uint)_random.NextInt64(uint.MaxValue), (ushort)_random.Next(65536)),
        3 => new NodeId(String() ?? "x", (ushort)_random.Next(10)),
        4 => new NodeId(Guid(), (ushort)_random.Next(10)),
        _ => new NodeId(Bytes() ?? [1], (ushort)_random.Next(10)),
    };

    public DiagnosticInfo? DiagnosticInfo(int depth) => depth < 0 || _random.Next(5) == 0 ? null : new DiagnosticInfo
    {
        SymbolicId = _random.Next(2) == 0 ? null : _random.Next(),
        NamespaceUri = _random.Next(2) == 0 ? null : _random.Next(),
        Locale = _random.Next(2) == 0 ? null : _random.Next(),
        LocalizedText = _random.Next(2) == 0 ? null : _random.Next(),
        AdditionalInfo = String(),
        InnerStatusCode = _random.Next(2) == 0 ? null : new StatusCode(0x80010000),
        InnerDiagnosticInfo = DiagnosticInfo(depth - 1),
    };

    public ExtensionObject? ExtensionObject(int depth) => _random.Next(3) switch
    {
        0 => null,
        1 => new ExtensionObject(new NodeId(String() ?? "t", 2), ExtensionObjectEncoding.Binary, Bytes() ?? []),
        _ => new ExtensionObject(new Argument { Name = String(), DataType = NodeId(), ValueRank = -1, ArrayDimensions = [1u, 2u], Description = new LocalizedText("d") }),
    };

    /// <summary>Fills every settable property of a generated structure (tests may use reflection; the stack does not).</summary>
    public void Fill(object target, int depth)
    {
        foreach (var p in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            p.SetValue(target, Value(p.PropertyType, depth));
        }
    }

    private object? Value(Type t, int depth)
    {
        if (t.IsArray)
        {
            if (_random.Next(4) == 0 || depth > 3)
            {
                return null;
            }

            var n = _random.Next(0, 3);
            var a = Array.CreateInstance(t.GetElementType()!, n);
            for (var i = 0; i < n; i++)
            {
                a.SetValue(Value(t.GetElementType()!, depth + 1), i);
            }

            return a;
        }

        if (t.IsEnum)
        {
            var values = Enum.GetValues(t);
            return values.GetValue(_random.Next(values.Length));
        }

        return t switch
        {
            _ when t == typeof(bool) => _random.Next(2) == 1,
            _ when t == typeof(sbyte) => (sbyte)_random.Next(-100, 100),
            _ when t == typeof(byte) => (byte)_random.Next(256),
            _ when t == typeof(short) => (short)_random.Next(-1000, 1000),
            _ when t == typeof(ushort) => (ushort)_random.Next(65536),
            _ when t == typeof(int) => _random.Next(),
            _ when t == typeof(uint) => (uint)_random.Next(),
            _ when t == typeof(long) => _random.NextInt64(),
            _ when t == typeof(ulong) => (ulong)_random.NextInt64(),
            _ when t == typeof(float) => (float)_random.NextDouble(),
            _ when t == typeof(double) => _random.NextDouble(),
            _ when t == typeof(string) => String(),
            _ when t == typeof(DateTime) => DateTime(),
            _ when t == typeof(Guid) => Guid(),
            _ when t == typeof(byte[]) => Bytes(),
            _ when t == typeof(NodeId) => NodeId(),
            _ when t == typeof(ExpandedNodeId) => new ExpandedNodeId(NodeId(), _random.Next(2) == 0 ? null : "urn:a"),
            _ when t == typeof(StatusCode) => new StatusCode((uint)_random.Next()),
            _ when t == typeof(QualifiedName) => new QualifiedName((ushort)_random.Next(3), String()),
            _ when t == typeof(LocalizedText) => new LocalizedText("en", String()),
            _ when t == typeof(ExtensionObject) => ExtensionObject(depth),
            _ when t == typeof(DataValue) => DataValue(3),
            _ when t == typeof(Variant) => Variant(2),
            _ when t == typeof(DiagnosticInfo) => DiagnosticInfo(1),
            _ when typeof(IEncodeable).IsAssignableFrom(t) => depth > 3 ? null : Structure(t, depth + 1),
            _ => throw new InvalidOperationException("no generator for " + t),
        };
    }

    private object Structure(Type t, int depth)
    {
        var o = Activator.CreateInstance(t)!;
        Fill(o, depth);
        return o;
    }
}
