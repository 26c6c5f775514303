using System.Buffers.Binary;

namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// Reads the OPC UA binary encoding (OPC 10000-6 §5.2) from a span. Every length and count taken from
/// input is checked against <see cref="EncodingLimits"/> and against the bytes actually left before anything
/// is allocated; bad input raises <see cref="StatusException"/> with Bad_DecodingError or
/// Bad_EncodingLimitsExceeded, which the caller turns into a status.
/// </summary>
public ref struct BinaryDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _depth;

    public BinaryDecoder(ReadOnlySpan<byte> data, EncodingLimits limits)
    {
        _data = data;
        Limits = limits;
    }

    public EncodingLimits Limits { get; }

    public readonly int Position => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public bool ReadBoolean() => Take(1)[0] != 0;

    public sbyte ReadSByte() => (sbyte)Take(1)[0];

    public byte ReadByte() => Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public DateTime ReadDateTime() => DateTimeCodec.FromWire(ReadInt64());

    public Guid ReadGuid() => new(Take(16));

    public StatusCode ReadStatusCode() => new(ReadUInt32());

    public string? ReadString()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            return length == -1 ? null : throw Fail("negative string length");
        }

        if (length > Limits.MaxStringLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "string of " + length + " bytes");
        }

        return length == 0 ? string.Empty : System.Text.Encoding.UTF8.GetString(Take(length));
    }

    public byte[]? ReadByteString()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            return length == -1 ? null : throw Fail("negative byte string length");
        }

        if (length > Limits.MaxByteStringLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "byte string of " + length + " bytes");
        }

        return Take(length).ToArray();
    }

    public string? ReadXmlElement() => ReadString();

    public NodeId ReadNodeId()
    {
        var encoding = ReadByte();
        if ((encoding & 0xC0) != 0)
        {
            throw Fail("NodeId with ExpandedNodeId flags");
        }

        return ReadNodeIdBody(encoding);
    }

    public ExpandedNodeId ReadExpandedNodeId()
    {
        var encoding = ReadByte();
        var nodeId = ReadNodeIdBody((byte)(encoding & 0x3F));
        var uri = (encoding & 0x80) != 0 ? ReadString() : null;
        var server = (encoding & 0x40) != 0 ? ReadUInt32() : 0u;
        return new ExpandedNodeId(nodeId, uri, server);
    }

    public QualifiedName ReadQualifiedName() => new(ReadUInt16(), ReadString());

    public LocalizedText ReadLocalizedText()
    {
        var mask = ReadByte();
        if ((mask & 0xFC) != 0)
        {
            throw Fail("LocalizedText mask 0x" + mask.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        var locale = (mask & 0x01) != 0 ? ReadString() : null;
        var text = (mask & 0x02) != 0 ? ReadString() : null;
        return new LocalizedText(locale, text);
    }

    public ExtensionObject? ReadExtensionObject()
    {
        var typeId = ReadNodeId();
        var encoding = ReadByte();
        switch (encoding)
        {
            case 0:
                return typeId.IsNull ? null : new ExtensionObject(typeId, ExtensionObjectEncoding.None, null);
            case 1:
                var length = ReadInt32();
                if (length < 0 || length > Remaining)
                {
                    throw Fail("ExtensionObject body length " + length);
                }

                if (length > Limits.MaxByteStringLength)
                {
                    throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "ExtensionObject of " + length + " bytes");
                }

                var bodyBytes = Take(length);
                var body = typeId.NamespaceIndex == 0 && typeId.IdType == IdType.Numeric ? EncodeableFactory.Create(typeId.NumericId) : null;
                if (body is null)
                {
                    return new ExtensionObject(typeId, ExtensionObjectEncoding.Binary, bodyBytes.ToArray());
                }

                Enter();
                var inner = new BinaryDecoder(bodyBytes, Limits) { _depth = _depth };
                body.Decode(ref inner);
                _depth--;
                return new ExtensionObject(body);
            case 2:
                return new ExtensionObject(typeId, ExtensionObjectEncoding.Xml, null, ReadString() ?? string.Empty);
            default:
                throw Fail("ExtensionObject encoding " + encoding);
        }
    }

    public T ReadEncodeable<T>()
        where T : class, IEncodeable, new()
    {
        Enter();
        var value = new T();
        value.Decode(ref this);
        _depth--;
        return value;
    }

    public DataValue ReadDataValue()
    {
        var mask = ReadByte();
        if ((mask & 0xC0) != 0)
        {
            throw Fail("DataValue mask");
        }

        Enter();
        var value = (mask & 0x01) != 0 ? ReadVariant() : Variant.Null;
        var status = (mask & 0x02) != 0 ? ReadStatusCode() : default;
        var sourceTime = (mask & 0x04) != 0 ? ReadDateTime() : default;
        var sourcePico = (mask & 0x10) != 0 ? ReadUInt16() : (ushort)0;
        var serverTime = (mask & 0x08) != 0 ? ReadDateTime() : default;
        var serverPico = (mask & 0x20) != 0 ? ReadUInt16() : (ushort)0;
        _depth--;
        return new DataValue(value, status, sourceTime, serverTime) { SourcePicoseconds = sourcePico, ServerPicoseconds = serverPico };
    }

    public Variant ReadVariant()
    {
        var encoding = ReadByte();
        var typeId = encoding & 0x3F;
        if (typeId == 0)
        {
            return (encoding & 0xC0) == 0 ? Variant.Null : throw Fail("null Variant with array flags");
        }

        if (typeId > (int)BuiltInType.DiagnosticInfo)
        {
            throw Fail("Variant type " + typeId);
        }

        var type = (BuiltInType)typeId;
        Enter();
        Variant result;
        if ((encoding & 0x80) == 0)
        {
            if ((encoding & 0x40) != 0)
            {
                throw Fail("scalar Variant with dimensions");
            }

            result = ReadScalar(type);
        }
        else
        {
            var length = ReadArrayLength();
            var array = ReadArrayElements(type, Math.Max(0, length));
            int[]? dims = null;
            if ((encoding & 0x40) != 0)
            {
                dims = ReadInt32Array() ?? throw Fail("null ArrayDimensions");
                long product = 1;
                foreach (var d in dims)
                {
                    if (d < 0)
                    {
                        throw Fail("negative dimension");
                    }

                    product *= d;
                    if (product > int.MaxValue)
                    {
                        throw Fail("dimensions overflow");
                    }
                }

                // OPC 10000-6 §5.2.2.16: a matrix whose dimensions disagree with its length is a decoding error.
                if (product != array.Length)
                {
                    throw Fail("ArrayDimensions do not match the array length");
                }
            }

            result = new Variant(array, type, dims);
        }

        _depth--;
        return result;
    }

    public DiagnosticInfo? ReadDiagnosticInfo()
    {
        var mask = ReadByte();
        if (mask == 0)
        {
            return null;
        }

        if ((mask & 0x80) != 0)
        {
            throw Fail("DiagnosticInfo mask");
        }

        Enter();
        var info = new DiagnosticInfo
        {
            SymbolicId = (mask & 0x01) != 0 ? ReadInt32() : null,
            NamespaceUri = (mask & 0x02) != 0 ? ReadInt32() : null,
            Locale = (mask & 0x08) != 0 ? ReadInt32() : null,
            LocalizedText = (mask & 0x04) != 0 ? ReadInt32() : null,
            AdditionalInfo = (mask & 0x10) != 0 ? ReadString() : null,
            InnerStatusCode = (mask & 0x20) != 0 ? ReadStatusCode() : null,
            InnerDiagnosticInfo = (mask & 0x40) != 0 ? ReadDiagnosticInfo() : null,
        };
        _depth--;
        return info;
    }

    /// <summary>
    /// An array length: -1 for null, otherwise checked against the limit and against the bytes left (every
    /// element takes at least one byte), so the caller may allocate it.
    /// </summary>
    public int ReadArrayLength()
    {
        var length = ReadInt32();
        if (length < -1)
        {
            throw Fail("negative array length");
        }

        if (length > Limits.MaxArrayLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "array of " + length);
        }

        if (length > Remaining)
        {
            throw Fail("array of " + length + " with " + Remaining + " bytes left");
        }

        return length;
    }

    public int[]? ReadInt32Array()
    {
        var n = ReadArrayLength();
        if (n < 0)
        {
            return null;
        }

        var a = new int[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = ReadInt32();
        }

        return a;
    }

    public ReadOnlySpan<byte> ReadRaw(int length) => Take(length);

    private NodeId ReadNodeIdBody(byte encoding)
    {
        switch (encoding)
        {
            case 0:
                return new NodeId(ReadByte());
            case 1:
                var ns = ReadByte();
                return new NodeId(ReadUInt16(), ns);
            case 2:
                var ns2 = ReadUInt16();
                return new NodeId(ReadUInt32(), ns2);
            case 3:
                var ns3 = ReadUInt16();
                return new NodeId(ReadString() ?? string.Empty, ns3);
            case 4:
                var ns4 = ReadUInt16();
                return new NodeId(ReadGuid(), ns4);
            case 5:
                var ns5 = ReadUInt16();
                return new NodeId(ReadByteString() ?? [], ns5);
            default:
                throw Fail("NodeId encoding " + encoding);
        }
    }

    private Variant ReadScalar(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => new Variant(ReadBoolean()),
        BuiltInType.SByte => new Variant(ReadSByte()),
        BuiltInType.Byte => new Variant(ReadByte()),
        BuiltInType.Int16 => new Variant(ReadInt16()),
        BuiltInType.UInt16 => new Variant(ReadUInt16()),
        BuiltInType.Int32 => new Variant(ReadInt32()),
        BuiltInType.UInt32 => new Variant(ReadUInt32()),
        BuiltInType.Int64 => new Variant(ReadInt64()),
        BuiltInType.UInt64 => new Variant(ReadUInt64()),
        BuiltInType.Float => new Variant(ReadFloat()),
        BuiltInType.Double => new Variant(ReadDouble()),
        BuiltInType.String => new Variant(ReadString()),
        BuiltInType.DateTime => new Variant(ReadDateTime()),
        BuiltInType.Guid => new Variant(ReadGuid()),
        BuiltInType.ByteString => new Variant(ReadByteString()),
        BuiltInType.XmlElement => Variant.FromXmlElement(ReadXmlElement()),
        BuiltInType.NodeId => new Variant(ReadNodeId()),
        BuiltInType.ExpandedNodeId => new Variant(ReadExpandedNodeId()),
        BuiltInType.StatusCode => new Variant(ReadStatusCode()),
        BuiltInType.QualifiedName => new Variant(ReadQualifiedName()),
        BuiltInType.LocalizedText => new Variant(ReadLocalizedText()),
        BuiltInType.ExtensionObject => new Variant(ReadExtensionObject()),
        BuiltInType.DataValue => new Variant(ReadDataValue()),
        // An empty DiagnosticInfo (mask 0) is still a DiagnosticInfo Variant, not a Null one.
        BuiltInType.DiagnosticInfo => new Variant(ReadDiagnosticInfo() ?? new DiagnosticInfo()),

        // OPC 10000-6 §5.2.2.16: a Variant may not directly contain a scalar Variant.
        _ => throw Fail("scalar Variant inside a Variant"),
    };

    private Array ReadArrayElements(BuiltInType type, int n)
    {
        switch (type)
        {
            case BuiltInType.Boolean: { var a = new bool[n]; for (var i = 0; i < n; i++) { a[i] = ReadBoolean(); } return a; }
            case BuiltInType.SByte: { var a = new sbyte[n]; for (var i = 0; i < n; i++) { a[i] = ReadSByte(); } return a; }
            case BuiltInType.Byte: return Take(n).ToArray();
            case BuiltInType.Int16: { var a = new short[n]; for (var i = 0; i < n; i++) { a[i] = ReadInt16(); } return a; }
            case BuiltInType.UInt16: { var a = new ushort[n]; for (var i = 0; i < n; i++) { a[i] = ReadUInt16(); } return a; }
            case BuiltInType.Int32: { var a = new int[n]; for (var i = 0; i < n; i++) { a[i] = ReadInt32(); } return a; }
            case BuiltInType.UInt32: { var a = new uint[n]; for (var i = 0; i < n; i++) { a[i] = ReadUInt32(); } return a; }
            case BuiltInType.Int64: { var a = new long[n]; for (var i = 0; i < n; i++) { a[i] = ReadInt64(); } return a; }
            case BuiltInType.UInt64: { var a = new ulong[n]; for (var i = 0; i < n; i++) { a[i] = ReadUInt64(); } return a; }
            case BuiltInType.Float: { var a = new float[n]; for (var i = 0; i < n; i++) { a[i] = ReadFloat(); } return a; }
            case BuiltInType.Double: { var a = new double[n]; for (var i = 0; i < n; i++) { a[i] = ReadDouble(); } return a; }
            case BuiltInType.String or BuiltInType.XmlElement: { var a = new string?[n]; for (var i = 0; i < n; i++) { a[i] = ReadString(); } return a; }
            case BuiltInType.DateTime: { var a = new DateTime[n]; for (var i = 0; i < n; i++) { a[i] = ReadDateTime(); } return a; }
            case BuiltInType.Guid: { var a = new Guid[n]; for (var i = 0; i < n; i++) { a[i] = ReadGuid(); } return a; }
            case BuiltInType.ByteString: { var a = new byte[]?[n]; for (var i = 0; i < n; i++) { a[i] = ReadByteString(); } return a; }
            case BuiltInType.NodeId: { var a = new NodeId[n]; for (var i = 0; i < n; i++) { a[i] = ReadNodeId(); } return a; }
            case BuiltInType.ExpandedNodeId: { var a = new ExpandedNodeId[n]; for (var i = 0; i < n; i++) { a[i] = ReadExpandedNodeId(); } return a; }
            case BuiltInType.StatusCode: { var a = new StatusCode[n]; for (var i = 0; i < n; i++) { a[i] = ReadStatusCode(); } return a; }
            case BuiltInType.QualifiedName: { var a = new QualifiedName[n]; for (var i = 0; i < n; i++) { a[i] = ReadQualifiedName(); } return a; }
            case BuiltInType.LocalizedText: { var a = new LocalizedText[n]; for (var i = 0; i < n; i++) { a[i] = ReadLocalizedText(); } return a; }
            case BuiltInType.ExtensionObject: { var a = new ExtensionObject?[n]; for (var i = 0; i < n; i++) { a[i] = ReadExtensionObject(); } return a; }
            case BuiltInType.DataValue: { var a = new DataValue[n]; for (var i = 0; i < n; i++) { a[i] = ReadDataValue(); } return a; }
            case BuiltInType.Variant: { var a = new Variant[n]; for (var i = 0; i < n; i++) { a[i] = ReadVariant(); } return a; }
            default: { var a = new DiagnosticInfo?[n]; for (var i = 0; i < n; i++) { a[i] = ReadDiagnosticInfo(); } return a; }
        }
    }

    private void Enter()
    {
        if (++_depth > Limits.MaxNestingDepth)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "nesting deeper than " + Limits.MaxNestingDepth);
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if ((uint)n > (uint)(_data.Length - _pos))
        {
            throw Fail("needs " + n + " bytes, " + (_data.Length - _pos) + " left");
        }

        var span = _data.Slice(_pos, n);
        _pos += n;
        return span;
    }

    private static StatusException Fail(string message) => new(StatusCodes.BadDecodingError, message);
}
