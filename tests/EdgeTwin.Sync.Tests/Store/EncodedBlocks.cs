using EdgeTwin.Sync.Compression;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>Encoded blocks for tail log tests: 1 ms apart, random values, so each is its own size.</summary>
internal static class EncodedBlocks
{
    public static byte[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var t = Enumerable.Range(0, count).Select(i => 1_000_000L * i).ToArray();
        var v = Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
        var buffer = new byte[BlockCodec.MaxEncodedSize(count)];
        return buffer.AsSpan(0, BlockCodec.Encode(t, v, new uint[count], buffer)).ToArray();
    }
}
