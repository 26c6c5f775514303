using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.OpcUa.Tests.Encoding;

public class DecoderLimitTests
{
    [Theory]
    [InlineData("FFFFFF7F", StatusCodes.BadEncodingLimitsExceeded)] // string of 2^31-1 bytes
    [InlineData("00000100", StatusCodes.BadEncodingLimitsExceeded)] // 65536 > MaxStringLength 1000
    [InlineData("10000000414243", StatusCodes.BadDecodingError)] // 16 bytes announced, 3 present
    [InlineData("FEFFFFFF", StatusCodes.BadDecodingError)] // -2
    public void String_lengths_are_checked_before_allocation(string hex, uint expected)
    {
        var limits = new EncodingLimits { MaxStringLength = 1000 };
        var ex = Assert.Throws<StatusException>(() => Codec.Decode(Convert.FromHexString(hex), (ref BinaryDecoder d) => d.ReadString(), limits));
        Assert.Equal(expected, ex.Status.Code);
    }

    [Fact]
    public void An_array_longer_than_the_bytes_left_is_a_decoding_error()
    {
        // Variant Int32 array announcing 1,000 elements with 8 bytes of data.
        var bytes = Convert.FromHexString("86E80300000100000002000000");
        var ex = Assert.Throws<StatusException>(() => Codec.Decode(bytes, (ref BinaryDecoder d) => d.ReadVariant()));
        Assert.Equal(StatusCodes.BadDecodingError, ex.Status.Code);
    }

    [Fact]
    public void Matrix_dimensions_that_disagree_with_the_length_are_rejected()
    {
        var good = Codec.Encode((ref BinaryEncoder e) => e.WriteVariant(new Variant(new byte[] { 1, 2, 3, 4 }, BuiltInType.Byte, [2, 2])));
        good[^4] = 3; // dimensions [2,3] for 4 elements
        var ex = Assert.Throws<StatusException>(() => Codec.Decode(good, (ref BinaryDecoder d) => d.ReadVariant()));
        Assert.Equal(StatusCodes.BadDecodingError, ex.Status.Code);
    }

    [Fact]
    public void Deeply_nested_variants_stop_at_the_nesting_limit()
    {
        // A Variant holding a DataValue holding a Variant ... 200 levels deep.
        var bytes = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            bytes.Add(23); // Variant: DataValue
            bytes.Add(1); // DataValue mask: value present
        }

        bytes.Add(0);
        var ex = Assert.Throws<StatusException>(() => Codec.Decode(bytes.ToArray(), (ref BinaryDecoder d) => d.ReadVariant()));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, ex.Status.Code);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_status()
    {
        var ids = Enumerable.Range(1, 40000).Select(i => (uint)i).Where(i => EncodeableFactory.Create(i) is not null).ToArray();
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var body = EncodeableFactory.Create(ids[random.Next(ids.Length)])!;
            try
            {
                var d = new BinaryDecoder(bytes, EncodingLimits.Default);
                if (random.Next(2) == 0)
                {
                    d.ReadVariant();
                }
                else
                {
                    body.Decode(ref d);
                }

                return true;
            }
            catch (StatusException ex)
            {
                return ex.Status.Code is StatusCodes.BadDecodingError or StatusCodes.BadEncodingLimitsExceeded;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20000));
    }
}
