using System.Text;

namespace EdgeTwin.Protobuf;

/// <summary>Encoded sizes of what <see cref="ProtoWriter"/> writes, to size a buffer or a length prefix up front.</summary>
public static class ProtoSize
{
    public static int Varint(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    public static int Tag(int field) => Varint((ulong)field << 3);

    public static int VarintField(int field, ulong value) => Tag(field) + Varint(value);

    public static int BytesField(int field, int length) => Tag(field) + Varint((ulong)length) + length;

    public static int StringField(int field, string value) => BytesField(field, Encoding.UTF8.GetByteCount(value));
}
