using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class EvictionTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Random doubles do not compress: about 8 bytes per sample on disk, so a small budget fills fast.</summary>
    internal static Sample[] Noise(int channel, int count, long t0, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new Sample(channel, t0 + (i * 1_000_000L), random.NextDouble(), Quality.Good)).ToArray();
    }

    [Fact]
    public async Task Oldest_blocks_are_evicted_at_the_byte_budget_and_every_sample_is_counted()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        var options = StoreFixture.Options(dir, blockSamples: 256, maxBytes: 256 * 1024);
        const int total = 120_000;
        using (var store = SampleStore.Open(options, StoreFixture.Paths, clock))
        {
            var samples = Noise(0, total, T0, seed: 5);
            for (var i = 0; i < total; i += 10_000)
            {
                StoreFixture.AppendAll(store, samples.AsSpan(i, 10_000));
                await store.FlushAsync();
            }

            var status = store.Status;
            var kept = StoreFixture.ReadAll(store, 0);
            Assert.True(status.EvictedSamples > 0, "the budget must have forced evictions");
            Assert.Equal(total, kept.Count + status.EvictedSamples);
            Assert.Equal(Enumerable.Range((int)status.EvictedSamples + 1, kept.Count).Select(i => (long)i), kept.Select(s => s.Sequence));
            Assert.InRange(status.DatabaseBytes, 0, options.MaxBytes);
            Assert.InRange(new FileInfo(dir.File("store.db")).Length, 0, options.MaxBytes + (64 * 1024));
        }

        using (var store = SampleStore.Open(options, StoreFixture.Paths, clock))
        {
            var kept = StoreFixture.ReadAll(store, 0).Count;
            Assert.Equal(total, kept + store.Status.EvictedSamples);
        }
    }

    [Fact]
    public async Task Blocks_older_than_the_maximum_age_are_evicted_with_an_exact_count_and_sequences_continue()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        using var store = SampleStore.Open(new StoreOptions
        {
            Directory = dir.Path,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            BlockSamples = 64,
            BlockMaxAge = TimeSpan.FromMilliseconds(100),
            MaxAge = TimeSpan.FromDays(30),
        }, StoreFixture.Paths, clock);

        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 640, T0));
        StoreFixture.AppendAll(store, StoreFixture.Ramp(1, 128, T0 + TimeSpan.FromDays(31).Ticks * 100));
        await store.FlushAsync();
        Assert.Equal(0, store.Status.EvictedSamples);

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.Status.EvictedSamples == 0 && DateTime.UtcNow < deadline)
        {
            await store.FlushAsync();
            await Task.Delay(50);
        }

        Assert.Equal(640, store.Status.EvictedSamples);
        Assert.Empty(StoreFixture.ReadAll(store, 0));
        Assert.Equal(128, StoreFixture.ReadAll(store, 1).Count);

        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 1, clock.UtcNowNs));
        await store.FlushAsync();
        Assert.Equal(641, Assert.Single(StoreFixture.ReadAll(store, 0)).Sequence);
    }

    [Fact]
    public async Task Drop_newest_policy_keeps_old_data_and_counts_what_it_refused()
    {
        using var dir = new TempDirectory();
        var options = new StoreOptions
        {
            Directory = dir.Path,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            BlockSamples = 256,
            MaxBytes = 128 * 1024,
            FullPolicy = StoreFullPolicy.DropNewest,
            IngestCapacity = 1 << 16,
        };
        using var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock());
        const int total = 60_000;
        var samples = Noise(0, total, T0, seed: 6);
        for (var i = 0; i < total; i += 5_000)
        {
            StoreFixture.AppendAll(store, samples.AsSpan(i, 5_000));
            await store.FlushAsync();
        }

        var kept = StoreFixture.ReadAll(store, 0);
        Assert.True(store.Status.DroppedSamples > 0);
        Assert.Equal(0, store.Status.EvictedSamples);
        Assert.Equal(total, kept.Count + store.Status.DroppedSamples);
        Assert.Equal(1, kept[0].Sequence);
        Assert.Equal(samples[0].Value, kept[0].Value);
    }
}
