using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.OpcUa.Encoding;

/// <summary>
/// Writes the OPC UA binary encoding (OPC 10000-6 §5.2) into a span; when the span is full it asks its
/// <see cref="IEncoderSink"/> for the next one, so a message can be split into chunks as it is written.
/// </summary>
public ref struct BinaryEncoder
{
    private readonly IEncoderSink? _sink;
    private Span<byte> _span;
    private int _pos;
    private int _depth;

    public BinaryEncoder(Span<byte> span, IEncoderSink? sink, EncodingLimits limits)
    {
        _span = span;
        _sink = sink;
        Limits = limits;
    }

    public BinaryEncoder(PooledBuffer buffer, EncodingLimits limits)
        : this(buffer.FreeSpan, buffer, limits)
    {
    }

    public EncodingLimits Limits { get; }

    /// <summary>Bytes written into the current span (all bytes when there is no sink).</summary>
    public readonly int Position => _pos;

    /// <summary>Hands the bytes of the current span to the sink.</summary>
    public void Flush()
    {
        if (_sink is not null)
        {
            _span = _sink.Advance(_pos, 0);
            _pos = 0;
        }
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteSByte(sbyte value) => WriteByte((byte)value);

    public void WriteByte(byte value)
    {
        if (_pos >= _span.Length)
        {
            Next(1);
        }

        _span[_pos++] = value;
    }

    public void WriteInt16(short value)
    {
        Span<byte> t = stackalloc byte[2];
        BinaryPrimitives.WriteInt16LittleEndian(t, value);
        WriteRaw(t);
    }

    public void WriteUInt16(ushort value)
    {
        Span<byte> t = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(t, value);
        WriteRaw(t);
    }

    public void WriteInt32(int value)
    {
        if (_span.Length - _pos >= 4)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_span[_pos..], value);
            _pos += 4;
            return;
        }

        Span<byte> t = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(t, value);
        WriteRaw(t);
    }

    public void WriteUInt32(uint value) => WriteInt32((int)value);

    public void WriteInt64(long value)
    {
        if (_span.Length - _pos >= 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_span[_pos..], value);
            _pos += 8;
            return;
        }

        Span<byte> t = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(t, value);
        WriteRaw(t);
    }

    public void WriteUInt64(ulong value) => WriteInt64((long)value);

    public void WriteFloat(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>OPC 10000-6 §5.2.2.5: 100 ns ticks since 1601-01-01 UTC; out-of-range values are clamped.</summary>
    public void WriteDateTime(DateTime value)
    {
        var ticks = value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;
        long wire;
        if (ticks <= DateTimeCodec.Epoch)
        {
            wire = 0;
        }
        else if (ticks == DateTime.MaxValue.Ticks)
        {
            wire = long.MaxValue;
        }
        else
        {
            wire = ticks - DateTimeCodec.Epoch;
        }

        WriteInt64(wire);
    }

    public void WriteGuid(Guid value)
    {
        Span<byte> t = stackalloc byte[16];
        value.TryWriteBytes(t);
        WriteRaw(t);
    }

    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    /// <summary>OPC 10000-6 §5.2.2.4: Int32 byte length then UTF-8; -1 for null.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        if (count > Limits.MaxStringLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "string of " + count + " bytes");
        }

        WriteInt32(count);
        if (_span.Length - _pos >= count)
        {
            _pos += System.Text.Encoding.UTF8.GetBytes(value, _span[_pos..]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var n = System.Text.Encoding.UTF8.GetBytes(value, rented);
            WriteRaw(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void WriteByteString(byte[]? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteByteString(value.AsSpan());
    }

    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        if (value.Length > Limits.MaxByteStringLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "byte string of " + value.Length + " bytes");
        }

        WriteInt32(value.Length);
        WriteRaw(value);
    }

    public void WriteXmlElement(string? value) => WriteString(value);

    /// <summary>OPC 10000-6 §5.2.2.9: the most compact of the six NodeId encodings.</summary>
    public void WriteNodeId(NodeId value) => WriteNodeId(value, 0);

    public void WriteExpandedNodeId(ExpandedNodeId value)
    {
        byte flags = 0;
        if (value.NamespaceUri is not null)
        {
            flags |= 0x80;
        }

        if (value.ServerIndex != 0)
        {
            flags |= 0x40;
        }

        WriteNodeId(value.NodeId, flags);
        if (value.NamespaceUri is not null)
        {
            WriteString(value.NamespaceUri);
        }

        if (value.ServerIndex != 0)
        {
            WriteUInt32(value.ServerIndex);
        }
    }

    public void WriteQualifiedName(QualifiedName value)
    {
        WriteUInt16(value.NamespaceIndex);
        WriteString(value.Name);
    }

    public void WriteLocalizedText(LocalizedText value)
    {
        byte mask = 0;
        if (value.Locale is not null)
        {
            mask |= 0x01;
        }

        if (value.Text is not null)
        {
            mask |= 0x02;
        }

        WriteByte(mask);
        if (value.Locale is not null)
        {
            WriteString(value.Locale);
        }

        if (value.Text is not null)
        {
            WriteString(value.Text);
        }
    }

    /// <summary>OPC 10000-6 §5.2.2.15: TypeId, encoding byte, then the length-prefixed body.</summary>
    public void WriteExtensionObject(ExtensionObject? value)
    {
        if (value is null)
        {
            WriteNodeId(NodeId.Null);
            WriteByte(0);
            return;
        }

        WriteNodeId(value.TypeId);
        if (value.Body is IPreEncodedBody encoded)
        {
            WriteByte(1);
            WriteInt32(encoded.EncodedBody.Length);
            WriteRaw(encoded.EncodedBody);
            return;
        }

        if (value.Body is not null)
        {
            WriteByte(1);
            Enter();
            using var body = new PooledBuffer(256, Limits.MaxByteStringLength);
            var inner = new BinaryEncoder(body, Limits) { _depth = _depth };
            value.Body.Encode(ref inner);
            inner.Flush();
            WriteInt32(body.Length);
            WriteRaw(body.WrittenSpan);
            _depth--;
            return;
        }

        WriteByte((byte)value.Encoding);
        switch (value.Encoding)
        {
            case ExtensionObjectEncoding.Binary:
                WriteByteString(value.RawBody ?? []);
                break;
            case ExtensionObjectEncoding.Xml:
                WriteString(value.XmlBody ?? string.Empty);
                break;
        }
    }

    public void WriteEncodeable<T>(T? value)
        where T : class, IEncodeable, new()
    {
        Enter();
        (value ?? new T()).Encode(ref this);
        _depth--;
    }

    /// <summary>OPC 10000-6 §5.2.2.17: a mask byte, then only the fields present.</summary>
    public void WriteDataValue(DataValue value)
    {
        byte mask = 0;
        if (!value.Value.IsNull)
        {
            mask |= 0x01;
        }

        if (value.Status.Code != 0)
        {
            mask |= 0x02;
        }

        if (value.SourceTimestamp != default)
        {
            mask |= 0x04;
        }

        if (value.ServerTimestamp != default)
        {
            mask |= 0x08;
        }

        if (value.SourcePicoseconds != 0)
        {
            mask |= 0x10;
        }

        if (value.ServerPicoseconds != 0)
        {
            mask |= 0x20;
        }

        WriteByte(mask);
        if ((mask & 0x01) != 0)
        {
            WriteVariant(value.Value);
        }

        if ((mask & 0x02) != 0)
        {
            WriteStatusCode(value.Status);
        }

        if ((mask & 0x04) != 0)
        {
            WriteDateTime(value.SourceTimestamp);
        }

        if ((mask & 0x10) != 0)
        {
            WriteUInt16(value.SourcePicoseconds);
        }

        if ((mask & 0x08) != 0)
        {
            WriteDateTime(value.ServerTimestamp);
        }

        if ((mask & 0x20) != 0)
        {
            WriteUInt16(value.ServerPicoseconds);
        }
    }

    /// <summary>OPC 10000-6 §5.2.2.16: type byte (bit 7 array, bit 6 dimensions), value(s), dimensions.</summary>
    public void WriteVariant(Variant value)
    {
        if (value.IsNull)
        {
            WriteByte(0);
            return;
        }

        Enter();
        var type = (byte)value.Type;
        if (!value.IsArray)
        {
            WriteByte(type);
            WriteScalar(value);
            _depth--;
            return;
        }

        var array = value.ArrayValue!;
        if (array.Length > Limits.MaxArrayLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "array of " + array.Length);
        }

        WriteByte((byte)(type | 0x80 | (value.Dimensions is null ? 0 : 0x40)));
        WriteInt32(array.Length);
        WriteArrayElements(value.Type, array);
        if (value.Dimensions is not null)
        {
            WriteInt32(value.Dimensions.Length);
            foreach (var d in value.Dimensions)
            {
                WriteInt32(d);
            }
        }

        _depth--;
    }

    public void WriteDiagnosticInfo(DiagnosticInfo? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        Enter();
        byte mask = 0;
        mask |= value.SymbolicId.HasValue ? (byte)0x01 : (byte)0;
        mask |= value.NamespaceUri.HasValue ? (byte)0x02 : (byte)0;
        mask |= value.LocalizedText.HasValue ? (byte)0x04 : (byte)0;
        mask |= value.Locale.HasValue ? (byte)0x08 : (byte)0;
        mask |= value.AdditionalInfo is not null ? (byte)0x10 : (byte)0;
        mask |= value.InnerStatusCode.HasValue ? (byte)0x20 : (byte)0;
        mask |= value.InnerDiagnosticInfo is { IsEmpty: false } ? (byte)0x40 : (byte)0;
        WriteByte(mask);
        if (value.SymbolicId is { } symbolicId)
        {
            WriteInt32(symbolicId);
        }

        if (value.NamespaceUri is { } ns)
        {
            WriteInt32(ns);
        }

        if (value.Locale is { } locale)
        {
            WriteInt32(locale);
        }

        if (value.LocalizedText is { } text)
        {
            WriteInt32(text);
        }

        if (value.AdditionalInfo is not null)
        {
            WriteString(value.AdditionalInfo);
        }

        if (value.InnerStatusCode is { } inner)
        {
            WriteStatusCode(inner);
        }

        if ((mask & 0x40) != 0)
        {
            WriteDiagnosticInfo(value.InnerDiagnosticInfo);
        }

        _depth--;
    }

    /// <summary>An array length prefix (-1 for null); callers then write the elements.</summary>
    public void WriteArrayLength(Array? array)
    {
        if (array is null)
        {
            WriteInt32(-1);
            return;
        }

        if (array.Length > Limits.MaxArrayLength)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "array of " + array.Length);
        }

        WriteInt32(array.Length);
    }

    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_pos == _span.Length)
            {
                Next(bytes.Length);
            }

            var n = Math.Min(bytes.Length, _span.Length - _pos);
            bytes[..n].CopyTo(_span[_pos..]);
            _pos += n;
            bytes = bytes[n..];
        }
    }

    private void WriteNodeId(NodeId value, byte flags)
    {
        switch (value.IdType)
        {
            case IdType.Numeric when value.NamespaceIndex == 0 && value.NumericId <= byte.MaxValue:
                WriteByte(flags);
                WriteByte((byte)value.NumericId);
                break;
            case IdType.Numeric when value.NamespaceIndex <= byte.MaxValue && value.NumericId <= ushort.MaxValue:
                WriteByte((byte)(flags | 1));
                WriteByte((byte)value.NamespaceIndex);
                WriteUInt16((ushort)value.NumericId);
                break;
            case IdType.Numeric:
                WriteByte((byte)(flags | 2));
                WriteUInt16(value.NamespaceIndex);
                WriteUInt32(value.NumericId);
                break;
            case IdType.String:
                WriteByte((byte)(flags | 3));
                WriteUInt16(value.NamespaceIndex);
                WriteString(value.StringId);
                break;
            case IdType.Guid:
                WriteByte((byte)(flags | 4));
                WriteUInt16(value.NamespaceIndex);
                WriteGuid(value.GuidId);
                break;
            default:
                WriteByte((byte)(flags | 5));
                WriteUInt16(value.NamespaceIndex);
                WriteByteString(value.OpaqueId);
                break;
        }
    }

    private void WriteScalar(Variant v)
    {
        switch (v.Type)
        {
            case BuiltInType.Boolean: WriteBoolean(v.AsBoolean); break;
            case BuiltInType.SByte: WriteSByte(v.AsSByte); break;
            case BuiltInType.Byte: WriteByte(v.AsByte); break;
            case BuiltInType.Int16: WriteInt16(v.AsInt16); break;
            case BuiltInType.UInt16: WriteUInt16(v.AsUInt16); break;
            case BuiltInType.Int32: WriteInt32(v.AsInt32); break;
            case BuiltInType.UInt32: WriteUInt32(v.AsUInt32); break;
            case BuiltInType.Int64: WriteInt64(v.AsInt64); break;
            case BuiltInType.UInt64: WriteUInt64(v.AsUInt64); break;
            case BuiltInType.Float: WriteFloat(v.AsFloat); break;
            case BuiltInType.Double: WriteDouble(v.AsDouble); break;
            case BuiltInType.DateTime: WriteDateTime(v.AsDateTime); break;
            case BuiltInType.StatusCode: WriteStatusCode(v.AsStatusCode); break;
            default: WriteReferenceElement(v.Type, v.Reference); break;
        }
    }

    private void WriteArrayElements(BuiltInType type, Array array)
    {
        switch (array)
        {
            case bool[] a: foreach (var x in a) { WriteBoolean(x); } break;
            case sbyte[] a: foreach (var x in a) { WriteSByte(x); } break;
            case byte[] a: WriteRaw(a); break;
            case short[] a: foreach (var x in a) { WriteInt16(x); } break;
            case ushort[] a: foreach (var x in a) { WriteUInt16(x); } break;
            case int[] a: foreach (var x in a) { WriteInt32(x); } break;
            case uint[] a: foreach (var x in a) { WriteUInt32(x); } break;
            case long[] a: foreach (var x in a) { WriteInt64(x); } break;
            case ulong[] a: foreach (var x in a) { WriteUInt64(x); } break;
            case float[] a: foreach (var x in a) { WriteFloat(x); } break;
            case double[] a: foreach (var x in a) { WriteDouble(x); } break;
            case DateTime[] a: foreach (var x in a) { WriteDateTime(x); } break;
            case StatusCode[] a: foreach (var x in a) { WriteStatusCode(x); } break;
            case Variant[] a: foreach (var x in a) { WriteVariant(x); } break;
            default:
                for (var i = 0; i < array.Length; i++)
                {
                    WriteReferenceElement(type, array.GetValue(i));
                }

                break;
        }
    }

    private void WriteReferenceElement(BuiltInType type, object? value)
    {
        switch (type)
        {
            case BuiltInType.String: WriteString((string?)value); break;
            case BuiltInType.XmlElement: WriteXmlElement((string?)value); break;
            case BuiltInType.Guid: WriteGuid((Guid)value!); break;
            case BuiltInType.ByteString: WriteByteString((byte[]?)value); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId)value!); break;
            case BuiltInType.ExpandedNodeId: WriteExpandedNodeId((ExpandedNodeId)value!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName)value!); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText)value!); break;
            case BuiltInType.ExtensionObject: WriteExtensionObject((ExtensionObject?)value); break;
            case BuiltInType.DataValue: WriteDataValue((DataValue)value!); break;
            case BuiltInType.Variant: WriteVariant((Variant)value!); break;
            case BuiltInType.DiagnosticInfo: WriteDiagnosticInfo((DiagnosticInfo?)value); break;
            default: throw new StatusException(StatusCodes.BadEncodingError, "no encoding for " + type);
        }
    }

    private void Enter()
    {
        if (++_depth > Limits.MaxNestingDepth)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "nesting deeper than " + Limits.MaxNestingDepth);
        }
    }

    private void Next(int sizeHint)
    {
        if (_sink is null)
        {
            throw new StatusException(StatusCodes.BadEncodingLimitsExceeded, "buffer full");
        }

        _span = _sink.Advance(_pos, sizeHint);
        _pos = 0;
    }
}
