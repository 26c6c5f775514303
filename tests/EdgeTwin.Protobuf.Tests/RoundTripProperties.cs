using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Protobuf.Tests;

/// <summary>What <see cref="ProtoWriter"/> and <see cref="ProtoMessageWriter"/> write, <see cref="ProtoReader"/> reads back exactly.</summary>
public sealed class RoundTripProperties
{
    [Fact]
    public void Every_64_bit_varint_round_trips_in_the_size_ProtoSize_predicts()
    {
        Prop.ForAll<ulong>(value =>
        {
            var bytes = new byte[10];
            var writer = new ProtoWriter(bytes);
            writer.Varint(value);
            var reader = new ProtoReader(bytes.AsSpan(0, writer.Position));
            return writer.Position == ProtoSize.Varint(value)
                && reader.ReadVarint(out var decoded) == ProtoError.None && decoded == value && reader.End;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Varint_boundaries_take_the_bytes_the_encoding_guide_gives()
    {
        Assert.Equal(1, ProtoSize.Varint(0));
        Assert.Equal(1, ProtoSize.Varint(127));
        Assert.Equal(2, ProtoSize.Varint(128));
        Assert.Equal(9, ProtoSize.Varint(long.MaxValue));
        Assert.Equal(10, ProtoSize.Varint(ulong.MaxValue));
        var bytes = new byte[2];
        var writer = new ProtoWriter(bytes);
        writer.Varint(150);
        Assert.Equal(new byte[] { 0x96, 0x01 }, bytes);
    }

    [Fact]
    public void A_message_of_every_field_kind_reads_back_field_by_field()
    {
        Prop.ForAll<(PositiveInt, ulong, double), (float, string, byte[])>((first, second) =>
        {
            var (number, varint, dbl) = first;
            var (flt, text, blob) = second;
            var field = 1 + ((number.Get - 1) % ProtoReader.MaxFieldNumber);
            text ??= "";
            blob ??= [];
            var size = ProtoSize.VarintField(field, varint) + ProtoSize.Tag(field) + 8 + ProtoSize.Tag(field) + 4
                + ProtoSize.StringField(field, text) + ProtoSize.BytesField(field, blob.Length);
            var bytes = new byte[size];
            var writer = new ProtoWriter(bytes);
            writer.VarintField(field, varint);
            writer.DoubleField(field, dbl);
            writer.FloatField(field, flt);
            writer.StringField(field, text);
            writer.BytesField(field, blob);
            if (writer.Position != size)
            {
                return false;
            }

            var reader = new ProtoReader(bytes);
            return Tag(ref reader, field, WireType.Varint) && reader.ReadVarint(out var v) == ProtoError.None && v == varint
                && Tag(ref reader, field, WireType.Fixed64) && reader.ReadFixed64(out var d) == ProtoError.None && d == BitConverter.DoubleToUInt64Bits(dbl)
                && Tag(ref reader, field, WireType.Fixed32) && reader.ReadFixed32(out var f) == ProtoError.None && f == BitConverter.SingleToUInt32Bits(flt)
                && Tag(ref reader, field, WireType.LengthDelimited) && reader.ReadLengthDelimited(out var s) == ProtoError.None && s.SequenceEqual(Encoding.UTF8.GetBytes(text))
                && Tag(ref reader, field, WireType.LengthDelimited) && reader.ReadLengthDelimited(out var b) == ProtoError.None && b.SequenceEqual(blob)
                && reader.End;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_growing_writer_writes_the_same_bytes_as_the_span_writer()
    {
        Prop.ForAll<(PositiveInt, long, float), (string, long[])>((first, second) =>
        {
            var (number, varint, flt) = first;
            var (text, packed) = second;
            var field = 1 + ((number.Get - 1) % ProtoReader.MaxFieldNumber);
            text ??= "";
            packed ??= [];
            var nested = new ProtoMessageWriter();
            nested.VarintField(field, varint);
            var message = new ProtoMessageWriter();
            message.VarintField(field, varint);
            message.FloatField(field, flt);
            message.StringField(field, text);
            message.PackedVarintsField(field, packed);
            message.MessageField(field, nested);

            var packedLength = packed.Sum(v => ProtoSize.Varint((ulong)v));
            var nestedLength = ProtoSize.VarintField(field, (ulong)varint);
            var expected = new byte[ProtoSize.VarintField(field, (ulong)varint) + ProtoSize.Tag(field) + 4 + ProtoSize.StringField(field, text)
                + ProtoSize.BytesField(field, packedLength) + ProtoSize.BytesField(field, nestedLength)];
            var writer = new ProtoWriter(expected);
            writer.VarintField(field, (ulong)varint);
            writer.FloatField(field, flt);
            writer.StringField(field, text);
            writer.Tag(field, WireType.LengthDelimited);
            writer.Varint((ulong)packedLength);
            foreach (var v in packed)
            {
                writer.Varint((ulong)v);
            }

            writer.Tag(field, WireType.LengthDelimited);
            writer.Varint((ulong)nestedLength);
            writer.VarintField(field, (ulong)varint);
            return writer.Position == expected.Length && message.Length == expected.Length && message.ToArray().AsSpan().SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Packed_varints_read_back_in_order()
    {
        Prop.ForAll<long[]>(values =>
        {
            values ??= [];
            var message = new ProtoMessageWriter();
            message.PackedVarintsField(4, values);
            var reader = new ProtoReader(message.WrittenSpan);
            if (!Tag(ref reader, 4, WireType.LengthDelimited) || reader.ReadLengthDelimited(out var payload) != ProtoError.None || !reader.End)
            {
                return false;
            }

            var packed = new ProtoReader(payload);
            foreach (var expected in values)
            {
                if (packed.ReadVarint(out var v) != ProtoError.None || (long)v != expected)
                {
                    return false;
                }
            }

            return packed.End;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped_to_the_next_field()
    {
        var message = new ProtoMessageWriter();
        message.VarintField(100, 1L << 40);
        message.FloatField(101, 1.5f);
        message.StringField(102, "skip me");
        var bytes = new byte[ProtoSize.Tag(103) + 8 + ProtoSize.VarintField(1, 7)];
        var writer = new ProtoWriter(bytes);
        writer.DoubleField(103, 2.5);
        writer.VarintField(1, 7);
        var reader = new ProtoReader([.. message.WrittenSpan, .. bytes]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ProtoError.None, reader.ReadTag(out _, out var type));
            Assert.Equal(ProtoError.None, reader.Skip(type));
        }

        Assert.True(Tag(ref reader, 1, WireType.Varint));
        Assert.Equal(ProtoError.None, reader.ReadVarint(out var value));
        Assert.Equal(7UL, value);
        Assert.True(reader.End);
    }

    private static bool Tag(ref ProtoReader reader, int field, WireType type) =>
        reader.ReadTag(out var f, out var t) == ProtoError.None && f == field && t == type;
}
