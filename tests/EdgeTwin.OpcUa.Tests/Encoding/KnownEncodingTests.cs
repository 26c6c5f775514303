namespace EdgeTwin.OpcUa.Tests.Encoding;

/// <summary>Byte-exact examples from OPC 10000-6 §5.2.2.</summary>
public class KnownEncodingTests
{
    [Fact]
    public void String_is_length_prefixed_utf8_as_in_section_5_2_2_4()
    {
        var bytes = Codec.Encode((ref BinaryEncoder e) => e.WriteString("水Boy"));
        Assert.Equal(Convert.FromHexString("06000000E6B0B4426F79"), bytes);
    }

    [Theory]
    [InlineData(0u, 72u, "0048")]
    [InlineData(5u, 1025u, "01050104")]
    [InlineData(300u, 1u, "022C0101000000")]
    public void Numeric_node_ids_use_the_most_compact_form(uint ns, uint id, string hex)
    {
        var bytes = Codec.Encode((ref BinaryEncoder e) => e.WriteNodeId(new NodeId(id, (ushort)ns)));
        Assert.Equal(Convert.FromHexString(hex), bytes);
        Assert.Equal(new NodeId(id, (ushort)ns), Codec.Decode(bytes, (ref BinaryDecoder d) => d.ReadNodeId()));
    }

    [Fact]
    public void String_node_id_matches_section_5_2_2_9_example()
    {
        var bytes = Codec.Encode((ref BinaryEncoder e) => e.WriteNodeId(new NodeId("Hot水", 1)));
        Assert.Equal(Convert.FromHexString("03010006000000486F74E6B0B4"), bytes);
    }

    [Fact]
    public void Guid_is_written_with_little_endian_first_three_fields()
    {
        var guid = Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63");
        var bytes = Codec.Encode((ref BinaryEncoder e) => e.WriteGuid(guid));
        Assert.Equal(Convert.FromHexString("912B9672" + "75FA" + "E64A" + "8D28B404DC7DAF63"), bytes);
    }

    [Fact]
    public void Date_time_counts_100ns_ticks_since_1601_and_clamps_the_extremes()
    {
        var t = new DateTime(1601, 1, 1, 0, 0, 1, DateTimeKind.Utc);
        Assert.Equal(Convert.FromHexString("8096980000000000"), Codec.Encode((ref BinaryEncoder e) => e.WriteDateTime(t)));
        Assert.Equal(new byte[8], Codec.Encode((ref BinaryEncoder e) => e.WriteDateTime(new DateTime(1500, 1, 1, 0, 0, 0, DateTimeKind.Utc))));
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFF7F"), Codec.Encode((ref BinaryEncoder e) => e.WriteDateTime(DateTime.MaxValue)));
        Assert.Equal(DateTime.MaxValue, Codec.Decode(Convert.FromHexString("FFFFFFFFFFFFFF7F"), (ref BinaryDecoder d) => d.ReadDateTime()));
    }

    [Fact]
    public void Matrix_variant_carries_its_dimensions_after_the_elements()
    {
        var v = new Variant(new int[] { 1, 2, 3, 4, 5, 6 }, BuiltInType.Int32, [2, 3]);
        var bytes = Codec.Encode((ref BinaryEncoder e) => e.WriteVariant(v));
        Assert.Equal(0xC6, bytes[0]);
        var back = Codec.Decode(bytes, (ref BinaryDecoder d) => d.ReadVariant());
        Assert.Equal(v, back);
        Assert.Equal([2, 3], back.Dimensions!);
    }
}
