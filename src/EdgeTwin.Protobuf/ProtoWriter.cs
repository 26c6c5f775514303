using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.Protobuf;

/// <summary>
/// Writes protobuf fields into a caller's span without allocating; the caller sized it with <see cref="ProtoSize"/>,
/// so nested messages get their length prefix without a second buffer.
/// </summary>
public ref struct ProtoWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Position { get; private set; }

    public void Tag(int field, WireType type) => Varint(((ulong)field << 3) | (uint)type);

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[Position++] = (byte)value;
    }

    public void VarintField(int field, ulong value)
    {
        Tag(field, WireType.Varint);
        Varint(value);
    }

    public void DoubleField(int field, double value)
    {
        Tag(field, WireType.Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[Position..], value);
        Position += 8;
    }

    public void FloatField(int field, float value)
    {
        Tag(field, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_destination[Position..], value);
        Position += 4;
    }

    public void StringField(int field, string value)
    {
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)Encoding.UTF8.GetByteCount(value));
        Position += Encoding.UTF8.GetBytes(value, _destination[Position..]);
    }

    public void BytesField(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)value.Length);
        value.CopyTo(_destination[Position..]);
        Position += value.Length;
    }
}
