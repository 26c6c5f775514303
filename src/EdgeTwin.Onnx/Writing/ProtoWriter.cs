using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.Onnx.Writing;

/// <summary>
/// Writes one protobuf message (wire format, "Encoding" in the protobuf language guide). Nested messages are
/// written into their own writer first, then copied in as a length-delimited field. Used offline (model
/// export), so it favours simplicity over avoiding copies.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint((ulong)value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void Message(int field, ProtoWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Bytes(field, message._buffer.WrittenSpan);
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>A packed repeated int64 field (proto3 default packing).</summary>
    public void PackedVarints(int field, ReadOnlySpan<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.RawVarint((ulong)v);
        }

        Bytes(field, inner._buffer.WrittenSpan);
    }

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }

        _buffer.Write([(byte)value]);
    }
}
