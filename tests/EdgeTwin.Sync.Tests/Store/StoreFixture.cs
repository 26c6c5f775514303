using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

internal static class StoreFixture
{
    public static readonly string[] Paths = ["plant/motor/speed", "plant/tank/temperature", "plant/axis/encoder"];

    public static StoreOptions Options(TempDirectory dir, int blockSamples = 64, long maxBytes = 1L << 30) => new()
    {
        Directory = dir.Path,
        FlushInterval = TimeSpan.FromMilliseconds(20),
        BlockSamples = blockSamples,
        MaxBytes = maxBytes,
        IngestCapacity = 1 << 18,
    };

    /// <summary>Samples of one channel with value = index, 1 ms apart from <paramref name="t0"/>.</summary>
    public static Sample[] Ramp(int channel, int count, long t0, int firstIndex = 0) =>
        Enumerable.Range(firstIndex, count).Select(i => new Sample(channel, t0 + (i * 1_000_000L), i, Quality.Good)).ToArray();

    public static List<StoredSample> ReadAll(IStoredSamples store, int channel)
    {
        var all = new List<StoredSample>();
        var buffer = new StoredSample[500];
        var after = 0L;
        while (true)
        {
            var n = store.ReadAfter(channel, after, buffer);
            if (n == 0)
            {
                return all;
            }

            all.AddRange(buffer.AsSpan(0, n));
            after = buffer[n - 1].Sequence;
        }
    }

    public static void AppendAll(SampleStore store, ReadOnlySpan<Sample> samples)
    {
        while (!samples.IsEmpty)
        {
            var slice = samples[..Math.Min(samples.Length, 4096)];
            Assert.Equal(slice.Length, store.Append(slice));
            samples = samples[slice.Length..];
        }
    }
}
