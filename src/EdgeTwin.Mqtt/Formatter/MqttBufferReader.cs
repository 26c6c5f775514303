using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace EdgeTwin.Mqtt.Formatter;

/// <summary>
/// Reads MQTT data types (MQTT 5.0 §1.5) from one packet body. Every length comes from untrusted input, so each
/// is checked against the bytes that remain before anything is sliced or decoded; a violation throws
/// <see cref="MqttProtocolException"/> with Malformed Packet, never an index or format exception.
/// </summary>
internal ref struct MqttBufferReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public MqttBufferReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position >= _span.Length;

    public byte ReadByte()
    {
        Need(1, "byte");
        return _span[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "two byte integer");
        var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4, "four byte integer");
        var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>§1.5.5: at most four bytes; a fifth continuation byte is malformed.</summary>
    public int ReadVariableByteInteger()
    {
        var value = 0;
        for (var i = 0; i < VariableByteInteger.MaxBytes; i++)
        {
            var b = ReadByte();
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw MqttProtocolException.Malformed("A Variable Byte Integer is longer than four bytes (MQTT 5.0 §1.5.5).");
    }

    /// <summary>§1.5.4: well-formed UTF-8 without U+0000; a violation is a Malformed Packet.</summary>
    public string ReadString()
    {
        var bytes = ReadLengthPrefixed("UTF-8 string");
        if (!Utf8.IsValid(bytes))
        {
            throw MqttProtocolException.Malformed("A string is not well-formed UTF-8 (MQTT 5.0 §1.5.4).");
        }

        if (bytes.Contains((byte)0))
        {
            throw MqttProtocolException.Malformed("A string contains U+0000 (MQTT 5.0 §1.5.4).");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>§1.5.6 Binary Data; the result points into the packet body.</summary>
    public ReadOnlyMemory<byte> ReadBinary()
    {
        var length = ReadUInt16();
        Need(length, "binary data");
        var value = _memory.Slice(_position, length);
        _position += length;
        return value;
    }

    /// <summary>The rest of the body, e.g. the PUBLISH payload (§3.3.3).</summary>
    public ReadOnlyMemory<byte> ReadToEnd()
    {
        var value = _memory[_position..];
        _position = _span.Length;
        return value;
    }

    /// <summary>§2.2.2.1: a Variable Byte Integer length, then that many bytes of properties.</summary>
    public MqttBufferReader ReadPropertyBlock()
    {
        var length = ReadVariableByteInteger();
        Need(length, "property block");
        var block = new MqttBufferReader(_memory.Slice(_position, length));
        _position += length;
        return block;
    }

    public bool TryReadPropertyId(out PropertyId id)
    {
        if (End)
        {
            id = default;
            return false;
        }

        // §2.2.2.2: the identifier is a Variable Byte Integer although every defined one fits in a byte.
        var value = ReadVariableByteInteger();
        id = value > 0xFF ? 0 : (PropertyId)value;
        return true;
    }

    public byte ReadBooleanByte(string what)
    {
        var value = ReadByte();
        if (value > 1)
        {
            throw MqttProtocolException.ProtocolError($"{what} must be 0 or 1 but is {value} (MQTT 5.0 §3.2.2.3).");
        }

        return value;
    }

    public MqttUserProperty ReadUserProperty() => new(ReadString(), ReadString());

    public void ExpectEnd(string packet)
    {
        if (!End)
        {
            throw MqttProtocolException.Malformed($"{packet} has {Remaining} bytes after its last field.");
        }
    }

    private ReadOnlySpan<byte> ReadLengthPrefixed(string what)
    {
        var length = ReadUInt16();
        Need(length, what);
        var bytes = _span.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private readonly void Need(int count, string what)
    {
        if (count > _span.Length - _position)
        {
            throw MqttProtocolException.Malformed($"The packet ends inside a {what}: {count} bytes needed, {_span.Length - _position} left.");
        }
    }
}
