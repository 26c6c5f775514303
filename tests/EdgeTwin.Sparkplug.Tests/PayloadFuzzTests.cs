using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sparkplug.Tests;

/// <summary>Malformed and hostile payloads: a specific <see cref="SparkplugDecodeException"/>, never another exception or a hang.</summary>
public sealed class PayloadFuzzTests
{
    private static readonly byte[] Valid = Build();

    [Fact]
    public void Random_bytes_decode_or_fail_with_a_decode_error()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => DecodeOrReject(bytes)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_truncation_and_many_bit_flips_of_a_valid_payload_decode_or_fail_with_a_decode_error()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            DecodeOrReject(Valid.AsSpan(0, length));
        }

        var random = new Random(20261122);
        var mutated = new byte[Valid.Length];
        for (var round = 0; round < 20_000; round++)
        {
            Valid.CopyTo(mutated, 0);
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            }

            DecodeOrReject(mutated);
        }
    }

    [Fact]
    public void A_length_larger_than_the_input_is_rejected_as_truncated()
    {
        // Field 2 (metrics), length 2^31: a decoder that trusted it would allocate or read past the end.
        byte[] payload = [0x12, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01];
        Assert.Equal(SparkplugDecodeError.Truncated, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(payload)).Error);
    }

    [Fact]
    public void Limits_on_size_metric_count_and_string_length_give_their_own_errors()
    {
        var limits = new SparkplugDecodeLimits { MaxPayloadBytes = Valid.Length - 1 };
        Assert.Equal(SparkplugDecodeError.TooLarge, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(Valid, limits)).Error);
        limits = new SparkplugDecodeLimits { MaxMetrics = 2 };
        Assert.Equal(SparkplugDecodeError.TooManyMetrics, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(Valid, limits)).Error);
        limits = new SparkplugDecodeLimits { MaxStringBytes = 5 };
        Assert.Equal(SparkplugDecodeError.StringTooLong, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(Valid, limits)).Error);
        Assert.Equal(3, SparkplugPayloadReader.Read(Valid).Metrics.Count);
    }

    [Fact]
    public void Overlong_varints_groups_and_invalid_utf8_are_rejected_specifically()
    {
        byte[] overlong = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        Assert.Equal(SparkplugDecodeError.InvalidVarint, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(overlong)).Error);
        byte[] group = [0x0B];
        Assert.Equal(SparkplugDecodeError.InvalidWireType, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(group)).Error);
        byte[] wrongType = [0x0D, 0, 0, 0, 0];
        Assert.Equal(SparkplugDecodeError.InvalidWireType, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(wrongType)).Error);
        byte[] badName = [0x12, 0x03, 0x0A, 0x01, 0xC3];
        Assert.Equal(SparkplugDecodeError.InvalidUtf8, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(badName)).Error);
        byte[] fieldZero = [0x00, 0x00];
        Assert.Equal(SparkplugDecodeError.InvalidTag, Assert.Throws<SparkplugDecodeException>(() => SparkplugPayloadReader.Read(fieldZero)).Error);
    }

    private static bool DecodeOrReject(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var payload = SparkplugPayloadReader.Read(bytes);
            Assert.True(payload.Metrics.Count <= bytes.Length);
        }
        catch (SparkplugDecodeException)
        {
            // The expected outcome for most mutations.
        }

        return true;
    }

    private static byte[] Build()
    {
        SparkplugMetric[] metrics =
        [
            SparkplugMetric.OfUInt64("bdSeq", null, 1_795_313_960_958, 3),
            SparkplugMetric.OfBoolean("Node Control/Rebirth", 1, 1_795_313_960_958, false),
            SparkplugMetric.OfDouble("axis1/motor/temperature", 2, 1_795_313_960_958, 22.5),
        ];
        var buffer = new byte[SparkplugPayloadWriter.Size(1_795_313_960_958, 0, metrics)];
        SparkplugPayloadWriter.Write(buffer, 1_795_313_960_958, 0, metrics);
        return buffer;
    }
}
