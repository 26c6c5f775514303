using System.Buffers;

namespace EdgeTwin.Protobuf;

/// <summary>
/// Builds one protobuf message in a growing buffer. Nested messages are built in their own writer first, then
/// copied in as a length-delimited field. For offline work (model export) where the size is not known up front;
/// per-message paths size a span with <see cref="ProtoSize"/> and use <see cref="ProtoWriter"/> instead.
/// </summary>
public sealed class ProtoMessageWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void VarintField(int field, long value)
    {
        var writer = Begin(ProtoSize.VarintField(field, (ulong)value));
        writer.VarintField(field, (ulong)value);
        _buffer.Advance(writer.Position);
    }

    public void StringField(int field, string value)
    {
        var writer = Begin(ProtoSize.StringField(field, value));
        writer.StringField(field, value);
        _buffer.Advance(writer.Position);
    }

    public void BytesField(int field, ReadOnlySpan<byte> value)
    {
        var writer = Begin(ProtoSize.BytesField(field, value.Length));
        writer.BytesField(field, value);
        _buffer.Advance(writer.Position);
    }

    public void MessageField(int field, ProtoMessageWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        BytesField(field, message._buffer.WrittenSpan);
    }

    public void FloatField(int field, float value)
    {
        var writer = Begin(ProtoSize.Tag(field) + 4);
        writer.FloatField(field, value);
        _buffer.Advance(writer.Position);
    }

    /// <summary>A packed repeated int64 field (protobuf encoding guide, "Packed Repeated Fields"; the proto3 default).</summary>
    public void PackedVarintsField(int field, ReadOnlySpan<long> values)
    {
        var length = 0;
        foreach (var v in values)
        {
            length += ProtoSize.Varint((ulong)v);
        }

        var writer = Begin(ProtoSize.BytesField(field, length));
        writer.Tag(field, WireType.LengthDelimited);
        writer.Varint((ulong)length);
        foreach (var v in values)
        {
            writer.Varint((ulong)v);
        }

        _buffer.Advance(writer.Position);
    }

    private ProtoWriter Begin(int size) => new(_buffer.GetSpan(size));
}
