using System.Buffers.Binary;
using System.Text;

namespace EdgeTwin.Onnx.Tests;

/// <summary>Writes protobuf wire format by hand so tests can build exact (and exactly broken) model bytes.</summary>
internal sealed class ProtoBuilder
{
    private readonly List<byte> _bytes = [];

    public ProtoBuilder Varint(int field, long value) => Tag(field, 0).RawVarint((ulong)value);

    public ProtoBuilder Fixed32(int field, float value)
    {
        Tag(field, 5);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    public ProtoBuilder Bytes(int field, byte[] payload)
    {
        Tag(field, 2).RawVarint((ulong)payload.Length);
        _bytes.AddRange(payload);
        return this;
    }

    public ProtoBuilder String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoBuilder Message(int field, ProtoBuilder message) => Bytes(field, message.ToArray());

    public ProtoBuilder PackedInt64s(int field, params long[] values)
    {
        var packed = new ProtoBuilder();
        foreach (var v in values)
        {
            packed.RawVarint((ulong)v);
        }

        return Bytes(field, packed.ToArray());
    }

    public ProtoBuilder PackedFloats(int field, params float[] values)
    {
        var payload = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), values[i]);
        }

        return Bytes(field, payload);
    }

    public ProtoBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ProtoBuilder Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public ProtoBuilder RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    // onnx.proto builders for the messages tests assemble.
    public static ProtoBuilder Model(ProtoBuilder graph, long opset = 13) =>
        new ProtoBuilder().Varint(1, 8).Message(8, new ProtoBuilder().String(1, "").Varint(2, opset)).Message(7, graph);

    public static ProtoBuilder FloatTensor(string name, long[] dims, float[] values) =>
        new ProtoBuilder().PackedInt64s(1, dims).Varint(2, 1).PackedFloats(4, values).String(8, name);

    public static ProtoBuilder ValueInfo(string name, params long[] dims)
    {
        var shape = new ProtoBuilder();
        foreach (var d in dims)
        {
            shape.Message(1, new ProtoBuilder().Varint(1, d));
        }

        var tensorType = new ProtoBuilder().Varint(1, 1).Message(2, shape);
        return new ProtoBuilder().String(1, name).Message(2, new ProtoBuilder().Message(1, tensorType));
    }

    public static ProtoBuilder Node(string op, string[] inputs, string[] outputs, params ProtoBuilder[] attributes)
    {
        var node = new ProtoBuilder();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(4, op);
        foreach (var a in attributes)
        {
            node.Message(5, a);
        }

        return node;
    }

    /// <summary>A graph computing y = x + c for x, c of shape [n].</summary>
    public static ProtoBuilder AddGraph(int n = 3)
    {
        var values = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        return new ProtoBuilder()
            .Message(1, Node("Add", ["x", "c"], ["y"]))
            .String(2, "g")
            .Message(5, FloatTensor("c", [n], values))
            .Message(11, ValueInfo("x", n))
            .Message(12, ValueInfo("y", n));
    }
}
