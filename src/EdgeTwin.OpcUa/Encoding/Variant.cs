namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// A value of any built-in type, scalar or array (OPC 10000-6 §5.2.2.16). Numeric scalars live in a 64-bit
/// field so reading and writing them costs no allocation; arrays are typed CLR arrays whose element type
/// matches <see cref="Type"/> (see <see cref="ElementClrType"/>).
/// </summary>
public readonly struct Variant : IEquatable<Variant>
{
    public static readonly Variant Null;

    private readonly ulong _bits;
    private readonly object? _ref;

    private Variant(BuiltInType type, ulong bits)
    {
        Type = type;
        _bits = bits;
        _ref = null;
        IsArray = false;
        Dimensions = null;
    }

    private Variant(BuiltInType type, object? value)
    {
        Type = value is null && type != BuiltInType.String && type != BuiltInType.ByteString && type != BuiltInType.XmlElement ? BuiltInType.Null : type;
        _bits = 0;
        _ref = value;
        IsArray = false;
        Dimensions = null;
    }

    /// <summary>An array (one dimension, or a matrix when <paramref name="dimensions"/> is given, in row-major order).</summary>
    public Variant(Array array, BuiltInType elementType, int[]? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (elementType == BuiltInType.Null || array.GetType().GetElementType() != ElementClrType(elementType) || array.Rank != 1)
        {
            throw new ArgumentException("array element type does not match " + elementType, nameof(array));
        }

        if (dimensions is not null)
        {
            long product = 1;
            foreach (var d in dimensions)
            {
                product *= d;
            }

            if (product != array.Length)
            {
                throw new ArgumentException("dimensions do not match the array length", nameof(dimensions));
            }
        }

        Type = elementType;
        _bits = 0;
        _ref = array;
        IsArray = true;
        Dimensions = dimensions;
    }

    public Variant(bool value) : this(BuiltInType.Boolean, value ? 1UL : 0UL) { }
    public Variant(sbyte value) : this(BuiltInType.SByte, (ulong)value) { }
    public Variant(byte value) : this(BuiltInType.Byte, value) { }
    public Variant(short value) : this(BuiltInType.Int16, (ulong)value) { }
    public Variant(ushort value) : this(BuiltInType.UInt16, value) { }
    public Variant(int value) : this(BuiltInType.Int32, (ulong)value) { }
    public Variant(uint value) : this(BuiltInType.UInt32, value) { }
    public Variant(long value) : this(BuiltInType.Int64, (ulong)value) { }
    public Variant(ulong value) : this(BuiltInType.UInt64, value) { }
    public Variant(float value) : this(BuiltInType.Float, BitConverter.SingleToUInt32Bits(value)) { }
    public Variant(double value) : this(BuiltInType.Double, BitConverter.DoubleToUInt64Bits(value)) { }
    public Variant(DateTime value) : this(BuiltInType.DateTime, (ulong)(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks) { }
    public Variant(StatusCode value) : this(BuiltInType.StatusCode, value.Code) { }
    public Variant(string? value) : this(BuiltInType.String, (object?)value) { }
    public Variant(Guid value) : this(BuiltInType.Guid, (object)value) { }
    public Variant(byte[]? value) : this(BuiltInType.ByteString, (object?)value) { }
    public Variant(NodeId value) : this(BuiltInType.NodeId, (object)value) { }
    public Variant(ExpandedNodeId value) : this(BuiltInType.ExpandedNodeId, (object)value) { }
    public Variant(QualifiedName value) : this(BuiltInType.QualifiedName, (object)value) { }
    public Variant(LocalizedText value) : this(BuiltInType.LocalizedText, (object)value) { }
    public Variant(ExtensionObject? value) : this(BuiltInType.ExtensionObject, (object?)value) { }
    public Variant(DataValue value) : this(BuiltInType.DataValue, (object)value) { }
    public Variant(DiagnosticInfo? value) : this(BuiltInType.DiagnosticInfo, (object?)value) { }

    /// <summary>An XmlElement scalar (a UTF-8 string on the wire, §5.2.2.8).</summary>
    public static Variant FromXmlElement(string? xml) => new(BuiltInType.XmlElement, (object?)xml);

    public BuiltInType Type { get; }
    public bool IsArray { get; }
    public int[]? Dimensions { get; }

    public bool IsNull => Type == BuiltInType.Null;

    public Array? ArrayValue => IsArray ? (Array)_ref! : null;

    public bool AsBoolean => _bits != 0;
    public sbyte AsSByte => (sbyte)_bits;
    public byte AsByte => (byte)_bits;
    public short AsInt16 => (short)_bits;
    public ushort AsUInt16 => (ushort)_bits;
    public int AsInt32 => (int)_bits;
    public uint AsUInt32 => (uint)_bits;
    public long AsInt64 => (long)_bits;
    public ulong AsUInt64 => _bits;
    public float AsFloat => BitConverter.UInt32BitsToSingle((uint)_bits);
    public double AsDouble => BitConverter.UInt64BitsToDouble(_bits);
    public DateTime AsDateTime => new((long)_bits, DateTimeKind.Utc);
    public StatusCode AsStatusCode => new((uint)_bits);

    /// <summary>The reference held by a non-numeric scalar (string, byte[], NodeId, ...), or the array.</summary>
    public object? Reference => _ref;

    /// <summary>The value boxed as an object (allocates for numeric scalars; not for hot paths).</summary>
    public object? Value => IsArray ? _ref : Type switch
    {
        BuiltInType.Null => null,
        BuiltInType.Boolean => AsBoolean,
        BuiltInType.SByte => AsSByte,
        BuiltInType.Byte => AsByte,
        BuiltInType.Int16 => AsInt16,
        BuiltInType.UInt16 => AsUInt16,
        BuiltInType.Int32 => AsInt32,
        BuiltInType.UInt32 => AsUInt32,
        BuiltInType.Int64 => AsInt64,
        BuiltInType.UInt64 => AsUInt64,
        BuiltInType.Float => AsFloat,
        BuiltInType.Double => AsDouble,
        BuiltInType.DateTime => AsDateTime,
        BuiltInType.StatusCode => AsStatusCode,
        _ => _ref,
    };

    /// <summary>True for the numeric types a deadband applies to (OPC 10000-4 §7.22.2).</summary>
    public bool IsNumeric => Type is >= BuiltInType.SByte and <= BuiltInType.Double;

    /// <summary>The scalar as a double, for deadband and range checks; NaN when not numeric.</summary>
    public double ToDouble() => IsArray ? double.NaN : Type switch
    {
        BuiltInType.SByte => AsSByte,
        BuiltInType.Byte => AsByte,
        BuiltInType.Int16 => AsInt16,
        BuiltInType.UInt16 => AsUInt16,
        BuiltInType.Int32 => AsInt32,
        BuiltInType.UInt32 => AsUInt32,
        BuiltInType.Int64 => AsInt64,
        BuiltInType.UInt64 => AsUInt64,
        BuiltInType.Float => AsFloat,
        BuiltInType.Double => AsDouble,
        _ => double.NaN,
    };

    public static Type ElementClrType(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => typeof(bool),
        BuiltInType.SByte => typeof(sbyte),
        BuiltInType.Byte => typeof(byte),
        BuiltInType.Int16 => typeof(short),
        BuiltInType.UInt16 => typeof(ushort),
        BuiltInType.Int32 => typeof(int),
        BuiltInType.UInt32 => typeof(uint),
        BuiltInType.Int64 => typeof(long),
        BuiltInType.UInt64 => typeof(ulong),
        BuiltInType.Float => typeof(float),
        BuiltInType.Double => typeof(double),
        BuiltInType.String or BuiltInType.XmlElement => typeof(string),
        BuiltInType.DateTime => typeof(DateTime),
        BuiltInType.Guid => typeof(Guid),
        BuiltInType.ByteString => typeof(byte[]),
        BuiltInType.NodeId => typeof(NodeId),
        BuiltInType.ExpandedNodeId => typeof(ExpandedNodeId),
        BuiltInType.StatusCode => typeof(StatusCode),
        BuiltInType.QualifiedName => typeof(QualifiedName),
        BuiltInType.LocalizedText => typeof(LocalizedText),
        BuiltInType.ExtensionObject => typeof(ExtensionObject),
        BuiltInType.DataValue => typeof(DataValue),
        BuiltInType.Variant => typeof(Variant),
        BuiltInType.DiagnosticInfo => typeof(DiagnosticInfo),
        _ => typeof(void),
    };

    public bool Equals(Variant other)
    {
        if (Type != other.Type || IsArray != other.IsArray)
        {
            return false;
        }

        if (!IsArray)
        {
            return _bits == other._bits && ValueEquality.ScalarEquals(_ref, other._ref);
        }

        if (!ValueEquality.SequenceEquals(Dimensions, other.Dimensions))
        {
            return false;
        }

        var a = (Array)_ref!;
        var b = (Array)other._ref!;
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!ValueEquality.ScalarEquals(a.GetValue(i), b.GetValue(i)))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is Variant v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Type, IsArray, _bits, IsArray ? ((Array)_ref!).Length : _ref?.GetHashCode() ?? 0);

    public static bool operator ==(Variant left, Variant right) => left.Equals(right);

    public static bool operator !=(Variant left, Variant right) => !left.Equals(right);

    public override string ToString() => IsArray ? Type + "[" + ((Array)_ref!).Length + "]" : Type + ":" + Value;
}
