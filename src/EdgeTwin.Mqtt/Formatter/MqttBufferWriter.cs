using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>
/// Writes MQTT data types (MQTT 5.0 §1.5) into a span. A writer made by <see cref="Measure"/> only counts, so
/// the same body code computes the Remaining Length first and then writes each byte once, straight into the
/// output buffer, without a scratch copy.
/// </summary>
internal ref struct MqttBufferWriter
{
    private readonly Span<byte> _span;
    private readonly bool _measureOnly;
    private int _position;

    public MqttBufferWriter(Span<byte> span)
    {
        _span = span;
        _measureOnly = false;
        _position = 0;
    }

    private MqttBufferWriter(bool measureOnly)
    {
        _span = default;
        _measureOnly = measureOnly;
        _position = 0;
    }

    public static MqttBufferWriter Measure() => new(measureOnly: true);

    public readonly int Position => _position;

    public readonly bool IsMeasuring => _measureOnly;

    public void SkipMeasured(int count)
    {
        if (!_measureOnly)
        {
            throw new InvalidOperationException("Only a measuring writer may skip bytes.");
        }

        _position += count;
    }

    public void WriteByte(byte value)
    {
        if (!_measureOnly)
        {
            _span[_position] = value;
        }

        _position++;
    }

    public void WriteUInt16(ushort value)
    {
        if (!_measureOnly)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        }

        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        if (!_measureOnly)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        }

        _position += 4;
    }

    public void WriteVariableByteInteger(int value)
    {
        if (value is < 0 or > VariableByteInteger.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A Variable Byte Integer holds 0..268,435,455 (MQTT 5.0 §1.5.5).");
        }

        _position += _measureOnly ? VariableByteInteger.Size(value) : VariableByteInteger.Write(_span[_position..], value);
    }

    /// <summary>UTF-8 Encoded String, §1.5.4: a two-byte length then at most 65,535 bytes.</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A UTF-8 string is at most 65,535 bytes (MQTT 5.0 §1.5.4); this one has {length}.", nameof(value));
        }

        WriteUInt16((ushort)length);
        if (!_measureOnly)
        {
            Encoding.UTF8.GetBytes(value, _span.Slice(_position, length));
        }

        _position += length;
    }

    /// <summary>Binary Data, §1.5.6: a two-byte length then the bytes.</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Binary data is at most 65,535 bytes (MQTT 5.0 §1.5.6); this one has {value.Length}.", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        if (!_measureOnly)
        {
            value.CopyTo(_span[_position..]);
        }

        _position += value.Length;
    }

    public void WriteProperty(PropertyId id, byte value)
    {
        WriteByte((byte)id);
        WriteByte(value);
    }

    public void WriteProperty(PropertyId id, ushort value)
    {
        WriteByte((byte)id);
        WriteUInt16(value);
    }

    public void WriteProperty(PropertyId id, uint value)
    {
        WriteByte((byte)id);
        WriteUInt32(value);
    }

    public void WriteProperty(PropertyId id, string? value)
    {
        if (value is not null)
        {
            WriteByte((byte)id);
            WriteString(value);
        }
    }

    public void WriteProperty(PropertyId id, ReadOnlyMemory<byte>? value)
    {
        if (value is { } data)
        {
            WriteByte((byte)id);
            WriteBinary(data.Span);
        }
    }

    public void WriteVariableByteIntegerProperty(PropertyId id, int value)
    {
        WriteByte((byte)id);
        WriteVariableByteInteger(value);
    }

    public void WriteUserProperties(IReadOnlyList<MqttUserProperty>? properties)
    {
        if (properties is null)
        {
            return;
        }

        for (var i = 0; i < properties.Count; i++)
        {
            WriteByte((byte)PropertyId.UserProperty);
            WriteString(properties[i].Name);
            WriteString(properties[i].Value);
        }
    }
}

/// <summary>Writes one whole packet (fixed header, Remaining Length, body) into an <see cref="IBufferWriter{T}"/>.</summary>
internal static class MqttPacketWriter
{
    public delegate void BodyWriter<TPacket>(ref MqttBufferWriter writer, in TPacket packet, MqttProtocolVersion version);

    /// <returns>The number of bytes written.</returns>
    public static int Write<TPacket>(IBufferWriter<byte> output, byte fixedHeader, in TPacket packet, MqttProtocolVersion version, BodyWriter<TPacket> body, uint maximumPacketSize = uint.MaxValue)
    {
        var measure = MqttBufferWriter.Measure();
        body(ref measure, packet, version);
        var remaining = measure.Position;
        if (remaining > VariableByteInteger.MaxValue)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, $"The packet body is {remaining} bytes; MQTT allows at most {VariableByteInteger.MaxValue} (MQTT 5.0 §1.5.5).");
        }

        var total = 1 + VariableByteInteger.Size(remaining) + remaining;
        if ((uint)total > maximumPacketSize)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, $"The packet is {total} bytes; the server accepts at most {maximumPacketSize} (MQTT 5.0 §3.2.2.3.6).");
        }

        var span = output.GetSpan(total)[..total];
        var writer = new MqttBufferWriter(span);
        writer.WriteByte(fixedHeader);
        writer.WriteVariableByteInteger(remaining);
        body(ref writer, packet, version);
        output.Advance(total);
        return total;
    }

    /// <summary>Writes a property block (§2.2.2.1): its length as a Variable Byte Integer, then the properties.</summary>
    public static void WriteProperties<TPacket>(ref MqttBufferWriter writer, in TPacket packet, BodyWriter<TPacket> properties)
    {
        var measure = MqttBufferWriter.Measure();
        properties(ref measure, packet, MqttProtocolVersion.V500);
        writer.WriteVariableByteInteger(measure.Position);
        if (!writer.IsMeasuring)
        {
            properties(ref writer, packet, MqttProtocolVersion.V500);
        }
        else
        {
            writer.SkipMeasured(measure.Position);
        }
    }
}
