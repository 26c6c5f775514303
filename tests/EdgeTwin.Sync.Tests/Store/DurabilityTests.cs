using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class DurabilityTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public async Task Samples_written_survive_dispose_and_reopen_with_their_sequence_numbers()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        var speed = StoreFixture.Ramp(0, 1000, T0);
        var temperature = StoreFixture.Ramp(1, 77, T0);
        using (var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, clock))
        {
            StoreFixture.AppendAll(store, speed);
            StoreFixture.AppendAll(store, temperature);
            await store.FlushAsync();
            Assert.Equal(1000, store.CommittedSequence(0));
            Assert.Equal(77, store.CommittedSequence(1));
            Assert.Equal(0, store.CommittedSequence(2));
            Assert.Equal(1077, store.Status.CommittedSamples);
        }

        using (var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, clock))
        {
            var read = StoreFixture.ReadAll(store, 0);
            Assert.Equal(speed.Select(s => (s.TimestampNs, s.Value)), read.Select(s => (s.TimestampNs, s.Value)));
            Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), read.Select(s => s.Sequence));
            Assert.Equal(77, StoreFixture.ReadAll(store, 1).Count);
            Assert.Empty(StoreFixture.ReadAll(store, 2));
            Assert.Equal(0, store.Status.DroppedSamples);

            // Sequence numbers continue after a reopen, also for a block that was still open at shutdown.
            StoreFixture.AppendAll(store, StoreFixture.Ramp(1, 3, T0 + 1_000_000_000L));
            await store.FlushAsync();
            Assert.Equal(80, store.CommittedSequence(1));
        }
    }

    [Fact]
    public async Task Committed_samples_of_an_open_block_are_readable_before_the_block_is_sealed()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 1000), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 10, T0));
        await store.FlushAsync();
        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 5, T0, firstIndex: 10));
        await store.FlushAsync();
        var read = StoreFixture.ReadAll(store, 0);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (double)i), read.Select(s => s.Value));
        Assert.Equal(15, store.Status.CommittedSamples);
    }

    [Fact]
    public async Task A_twin_path_keeps_its_data_when_channel_ids_change()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        using (var store = SampleStore.Open(StoreFixture.Options(dir), ["a", "b"], clock))
        {
            StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 5, T0));
            StoreFixture.AppendAll(store, StoreFixture.Ramp(1, 7, T0));
            await store.FlushAsync();
        }

        using (var store = SampleStore.Open(StoreFixture.Options(dir), ["new", "b", "a"], clock))
        {
            Assert.Empty(StoreFixture.ReadAll(store, 0));
            Assert.Equal(7, StoreFixture.ReadAll(store, 1).Count);
            Assert.Equal(5, StoreFixture.ReadAll(store, 2).Count);
            Assert.Equal(5, store.CommittedSequence(2));
        }
    }

    [Fact]
    public async Task Quality_and_special_values_are_stored_exactly()
    {
        using var dir = new TempDirectory();
        Sample[] samples =
        [
            new(0, T0, double.NaN, Quality.CommunicationError),
            new(0, T0 + 1, -0.0, Quality.Good),
            new(0, T0 + 1, double.NegativeInfinity, Quality.OutOfRange),
            new(0, T0 - 5, double.Epsilon, Quality.Good),
        ];
        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(store, samples);
        await store.FlushAsync();
        var read = StoreFixture.ReadAll(store, 0);
        Assert.Equal(samples.Select(s => (s.TimestampNs, BitConverter.DoubleToInt64Bits(s.Value), s.Quality)),
            read.Select(s => (s.TimestampNs, BitConverter.DoubleToInt64Bits(s.Value), s.Quality)));
    }

    [Fact]
    public void Dispose_without_flush_writes_everything_appended()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        var options = new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMinutes(10), BlockSamples = 100 };
        using (var store = SampleStore.Open(options, StoreFixture.Paths, clock))
        {
            StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 250, T0));
            StoreFixture.AppendAll(store, StoreFixture.Ramp(2, 3, T0));
        }

        Assert.Empty(TailLog.Read(dir.File("store.db.tail"), null, null)); // everything is sealed in SQLite
        using (var store = SampleStore.Open(options, StoreFixture.Paths, clock))
        {
            Assert.Equal(250, StoreFixture.ReadAll(store, 0).Count);
            Assert.Equal(3, StoreFixture.ReadAll(store, 2).Count);
        }
    }

    [Fact]
    public async Task Concurrent_producers_lose_nothing_and_each_channel_stays_in_order()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 128), StoreFixture.Paths, new TestClock());
        const int perChannel = 30_000;
        var producers = Enumerable.Range(0, 3).Select(channel => Task.Run(() =>
        {
            var samples = StoreFixture.Ramp(channel, perChannel, T0);
            for (var i = 0; i < perChannel; i += 10)
            {
                Assert.Equal(10, store.Append(samples.AsSpan(i, 10)));
            }
        })).ToArray();
        await Task.WhenAll(producers);
        await store.FlushAsync();

        for (var channel = 0; channel < 3; channel++)
        {
            var read = StoreFixture.ReadAll(store, channel);
            Assert.Equal(Enumerable.Range(0, perChannel).Select(i => (double)i), read.Select(s => s.Value));
            Assert.Equal(perChannel, store.CommittedSequence(channel));
        }

        Assert.Equal(0, store.Status.DroppedSamples);
    }

    [Fact]
    public void Append_never_allocates()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock());
        var samples = StoreFixture.Ramp(0, 100, T0);
        store.Append(samples.AsSpan(0, 1));
        store.Append(samples[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            store.Append(samples);
            store.Append(samples[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Samples_beyond_the_ingest_capacity_are_dropped_and_counted()
    {
        using var dir = new TempDirectory();
        var options = new StoreOptions { Directory = dir.Path, IngestCapacity = 16 };
        using var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock());
        var taken = store.Append(StoreFixture.Ramp(0, 100, T0));
        Assert.Equal(16, taken);
        Assert.Equal(84, store.Status.DroppedSamples);
        Assert.Equal(100, store.Status.AppendedSamples);
    }
}
