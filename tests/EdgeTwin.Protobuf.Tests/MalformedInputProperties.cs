using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Protobuf.Tests;

/// <summary>Bad wire bytes give a specific <see cref="ProtoError"/>: never an exception, an over-read or a hang.</summary>
public sealed class MalformedInputProperties
{
    [Fact]
    public void Every_proper_prefix_of_a_varint_is_truncated()
    {
        Prop.ForAll<ulong>(value =>
        {
            var bytes = Varint(value);
            for (var length = 0; length < bytes.Length; length++)
            {
                var reader = new ProtoReader(bytes.AsSpan(0, length));
                if (reader.ReadVarint(out _) != ProtoError.Truncated || reader.ReadTag(out _, out _) != ProtoError.Truncated)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Varints_longer_than_ten_bytes_or_wider_than_64_bits_overflow()
    {
        Prop.ForAll<PositiveInt, byte>((extra, tenth) =>
        {
            // Ten or more continuation bytes: an 11th byte would be needed, however the input goes on.
            var overlong = Enumerable.Repeat((byte)0x80, 10 + (extra.Get % 20)).Append((byte)0x01).ToArray();
            var reader = new ProtoReader(overlong);
            var overlongRejected = reader.ReadVarint(out _) == ProtoError.VarintOverflow && reader.Position <= 10;

            // A 10th byte may carry only bit 63.
            var wide = Enumerable.Repeat((byte)0xFF, 9).Append((byte)(tenth & 0x7F)).ToArray();
            reader = new ProtoReader(wide);
            var expected = (tenth & 0x7F) > 1 ? ProtoError.VarintOverflow : ProtoError.None;
            return overlongRejected && reader.ReadVarint(out _) == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_length_prefix_beyond_the_buffer_is_an_error_not_an_overread()
    {
        Prop.ForAll<byte[], ulong>((payload, extra) =>
        {
            payload ??= [];
            var claimed = (ulong)payload.Length + 1 + (extra % (ulong.MaxValue - (ulong)payload.Length - 1));
            byte[] bytes = [0x0A, .. Varint(claimed), .. payload];
            var reader = new ProtoReader(bytes);
            return reader.ReadTag(out _, out _) == ProtoError.None
                && reader.ReadLengthDelimited(out var slice) == ProtoError.LengthOutOfRange && slice.IsEmpty;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Fixed_width_fields_past_the_end_are_truncated()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= [];
            var fixed32 = new ProtoReader(bytes);
            var fixed64 = new ProtoReader(bytes);
            return (fixed32.ReadFixed32(out _) == ProtoError.Truncated) == (bytes.Length < 4)
                && (fixed64.ReadFixed64(out _) == ProtoError.Truncated) == (bytes.Length < 8)
                && (bytes.Length >= 4 || fixed32.Position == 0) && (bytes.Length >= 8 || fixed64.Position == 0);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, ProtoError.BadFieldNumber)]
    [InlineData(new byte[] { 0x07 }, ProtoError.BadFieldNumber)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, ProtoError.BadFieldNumber)]
    [InlineData(new byte[] { 0x0E }, ProtoError.BadWireType)]
    [InlineData(new byte[] { 0x0F }, ProtoError.BadWireType)]
    [InlineData(new byte[] { 0x0B }, ProtoError.GroupsUnsupported)]
    [InlineData(new byte[] { 0x0C }, ProtoError.GroupsUnsupported)]
    public void Field_number_zero_or_beyond_2_pow_29_wire_types_6_and_7_and_groups_are_bad_tags(byte[] bytes, ProtoError expected)
    {
        var reader = new ProtoReader(bytes);
        Assert.Equal(expected, reader.ReadTag(out var field, out _));
        Assert.Equal(0, field);
    }

    [Fact]
    public void The_largest_field_number_is_accepted()
    {
        var reader = new ProtoReader(Varint(((ulong)ProtoReader.MaxFieldNumber << 3) | 5));
        Assert.Equal(ProtoError.None, reader.ReadTag(out var field, out var type));
        Assert.Equal(ProtoReader.MaxFieldNumber, field);
        Assert.Equal(WireType.Fixed32, type);
    }

    [Fact]
    public void Arbitrary_bytes_read_as_fields_end_or_fail_with_a_protobuf_error()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= [];
            var reader = new ProtoReader(bytes);
            var last = -1;
            while (!reader.End)
            {
                // Every successful step consumes input, so the loop ends.
                if (reader.Position <= last)
                {
                    return false;
                }

                last = reader.Position;
                if (reader.ReadTag(out _, out var type) != ProtoError.None || reader.Skip(type) != ProtoError.None)
                {
                    return reader.Position <= bytes.Length;
                }
            }

            return reader.Position == bytes.Length;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new byte[ProtoSize.Varint(value)];
        var writer = new ProtoWriter(bytes);
        writer.Varint(value);
        return bytes;
    }
}
