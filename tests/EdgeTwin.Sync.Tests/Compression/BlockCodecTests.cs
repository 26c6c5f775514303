using EdgeTwin.Sync.Compression;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Compression;

public sealed class BlockCodecTests
{
    private static readonly double[] SpecialValues =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, -double.Epsilon,
        double.MaxValue, double.MinValue, 2.2250738585072009e-308 /* largest subnormal */, 1e-310,
        BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001) /* signalling NaN payload */,
        BitConverter.UInt64BitsToDouble(0xFFF8_0000_DEAD_BEEF) /* negative quiet NaN with payload */,
        1.0, -1.0, 0.1, 21.5625,
    ];

    private static Gen<double> AnyDouble() => Gen.OneOf(
        Gen.Elements(SpecialValues),
        ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble),
        ArbMap.Default.GeneratorFor<double>());

    /// <summary>Regular ticks with jitter and gaps, arbitrary longs, and repeated or decreasing stamps.</summary>
    private static Gen<long[]> Timestamps(int count) => Gen.OneOf(
        from start in ArbMap.Default.GeneratorFor<long>()
        from period in Gen.Choose(1, 1_000_000_000)
        from jitter in Gen.ArrayOf(Gen.Choose(-50_000, 50_000), count)
        from gaps in Gen.ArrayOf(Gen.Frequency((20, Gen.Constant(0L)), (1, ArbMap.Default.GeneratorFor<long>())), count)
        select Enumerable.Range(0, count).Select(i => unchecked(start + (i * (long)period) + jitter[i] + gaps[i])).ToArray(),
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<long>(), count),
        Gen.ArrayOf(Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L, 1L), count));

    private static Gen<uint[]> QualityRuns(int count) =>
        from codes in Gen.ArrayOf(Gen.Elements(0u, 0x80050000u, 0x40900000u, uint.MaxValue), count)
        from runLength in Gen.Choose(1, 200)
        select Enumerable.Range(0, count).Select(i => codes[i / runLength]).ToArray();

    private static Gen<(long[] T, double[] V, uint[] Q)> Blocks() =>
        from count in Gen.Frequency((3, Gen.Choose(1, 40)), (1, Gen.Choose(41, 2048)))
        from t in Timestamps(count)
        from v in Gen.ArrayOf(AnyDouble(), count)
        from q in QualityRuns(count)
        select (t, v, q);

    [Fact]
    public void Any_block_round_trips_bit_for_bit()
    {
        Prop.ForAll(Blocks().ToArbitrary(), block =>
        {
            var (t, v, q) = block;
            var encoded = new byte[BlockCodec.MaxEncodedSize(t.Length)];
            var length = BlockCodec.Encode(t, v, q, encoded);
            var t2 = new long[t.Length];
            var v2 = new double[t.Length];
            var q2 = new uint[t.Length];
            var status = BlockCodec.TryDecode(encoded.AsSpan(0, length), t2, v2, q2, out var count);
            return status == BlockDecodeStatus.Ok
                && count == t.Length
                && t.SequenceEqual(t2)
                && v.Select(BitConverter.DoubleToUInt64Bits).SequenceEqual(v2.Select(BitConverter.DoubleToUInt64Bits))
                && q.SequenceEqual(q2);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_truncation_is_reported_not_decoded()
    {
        Prop.ForAll(Blocks().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (block, cut) =>
        {
            var (t, v, q) = block;
            var encoded = new byte[BlockCodec.MaxEncodedSize(t.Length)];
            var length = BlockCodec.Encode(t, v, q, encoded);
            var keep = cut % length;
            var status = BlockCodec.TryDecode(encoded.AsSpan(0, keep), new long[t.Length], new double[t.Length], new uint[t.Length], out _);
            return status != BlockDecodeStatus.Ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Corrupted_or_random_bytes_never_throw_and_never_overrun()
    {
        Prop.ForAll(Blocks().ToArbitrary(), Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 4).ToArbitrary(), (block, flips) =>
        {
            var (t, v, q) = block;
            var encoded = new byte[BlockCodec.MaxEncodedSize(t.Length)];
            var length = BlockCodec.Encode(t, v, q, encoded);
            foreach (var flip in flips)
            {
                encoded[flip % length] ^= (byte)(1 << (flip % 8));
            }

            // Destinations exactly as large as the original block: a corrupt count must not write past them.
            var status = BlockCodec.TryDecode(encoded.AsSpan(0, length), new long[t.Length], new double[t.Length], new uint[t.Length], out var count);
            return Enum.IsDefined(status) && (status != BlockDecodeStatus.Ok || count <= t.Length);
        }).QuickCheckThrowOnFailure();

        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var status = BlockCodec.TryDecode(bytes, new long[16], new double[16], new uint[16], out var count);
            return Enum.IsDefined(status) && (status != BlockDecodeStatus.Ok || count <= 16);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Header_limits_are_enforced_before_decoding()
    {
        Span<byte> tooMany = [BlockCodec.CodecId, 0x81, 0x80, 0x04]; // varint 65537
        Assert.Equal(BlockDecodeStatus.CountOutOfRange, BlockCodec.TryDecode(tooMany, new long[1], new double[1], new uint[1], out _));
        Assert.Equal(BlockDecodeStatus.CountOutOfRange, BlockCodec.TryDecode([BlockCodec.CodecId, 0], new long[1], new double[1], new uint[1], out _));
        Assert.Equal(BlockDecodeStatus.UnknownCodec, BlockCodec.TryDecode([7, 1], new long[1], new double[1], new uint[1], out _));
        Assert.Equal(BlockDecodeStatus.Malformed, BlockCodec.TryDecode([BlockCodec.CodecId, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], new long[1], new double[1], new uint[1], out _));

        var encoded = new byte[BlockCodec.MaxEncodedSize(10)];
        var length = BlockCodec.Encode(new long[10], new double[10], new uint[10], encoded);
        Assert.Equal(BlockDecodeStatus.DestinationTooSmall, BlockCodec.TryDecode(encoded.AsSpan(0, length), new long[9], new double[10], new uint[10], out _));

        encoded[length] = 0;
        Assert.Equal(BlockDecodeStatus.TrailingData, BlockCodec.TryDecode(encoded.AsSpan(0, length + 1), new long[10], new double[10], new uint[10], out _));
    }

    [Fact]
    public void Quality_runs_that_do_not_cover_the_block_are_malformed()
    {
        // count 2, one run of length 1: the runs cover only half the block.
        Span<byte> block = [BlockCodec.CodecId, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(BlockDecodeStatus.Malformed, BlockCodec.TryDecode(block, new long[2], new double[2], new uint[2], out _));
    }

    [Fact]
    public void Encoding_a_block_does_not_allocate()
    {
        var t = Enumerable.Range(0, 1024).Select(i => 1_000_000L * i).ToArray();
        var v = Enumerable.Range(0, 1024).Select(i => Math.Sin(i / 10.0)).ToArray();
        var q = new uint[1024];
        var buffer = new byte[BlockCodec.MaxEncodedSize(1024)];
        var t2 = new long[1024];
        var v2 = new double[1024];
        var q2 = new uint[1024];
        var length = BlockCodec.Encode(t, v, q, buffer);
        BlockCodec.TryDecode(buffer.AsSpan(0, length), t2, v2, q2, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            length = BlockCodec.Encode(t, v, q, buffer);
            BlockCodec.TryDecode(buffer.AsSpan(0, length), t2, v2, q2, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
