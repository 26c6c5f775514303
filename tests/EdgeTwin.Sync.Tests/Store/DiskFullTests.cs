using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>
/// SQLITE_FULL for real: <c>PRAGMA max_page_count</c> on the writer's connection caps the database at its current
/// size, exactly what a full disk looks like to SQLite; raising it is the disk getting space back.
/// </summary>
public sealed class DiskFullTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static Task CapAtCurrentSize(SampleStore store) => store.ExecuteOnWriterAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA max_page_count = 1";  // SQLite clamps it to the current page count
        command.ExecuteNonQuery();
    });

    private static Task Uncap(SampleStore store) => store.ExecuteOnWriterAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA max_page_count = 1073741823";
        command.ExecuteNonQuery();
    });

    /// <summary>Flushes until a commit fails: sealed blocks go to SQLite once they are older than BlockMaxAge.</summary>
    private static async Task<StoreFaultException> FlushUntilFault(SampleStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await store.FlushAsync();
            }
            catch (StoreFaultException fault)
            {
                return fault;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the capped database never refused a commit");
    }

    [Fact]
    public async Task A_full_disk_is_reported_samples_are_buffered_and_written_when_space_returns()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir, blockSamples: 256);
        options = new StoreOptions
        {
            Directory = options.Directory,
            FlushInterval = options.FlushInterval,
            BlockSamples = 256,
            BlockMaxAge = TimeSpan.FromMilliseconds(10), // sealed blocks go to SQLite at every flush
            IngestCapacity = options.IngestCapacity,
        };
        using var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock());
        var samples = EvictionTests.Noise(0, 21_000, T0, seed: 7);
        StoreFixture.AppendAll(store, samples.AsSpan(0, 1000));
        await store.FlushAsync();

        await CapAtCurrentSize(store);
        StoreFixture.AppendAll(store, samples.AsSpan(1000));
        var fault = await FlushUntilFault(store);
        Assert.Equal(StoreHealth.DiskFull, fault.Health);
        Assert.Equal(StoreHealth.DiskFull, store.Status.Health);
        Assert.Contains("full", store.Status.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True(store.Status.BufferedBytes > 0);
        // The tail log is a separate file that still has room: the samples are durable, only not sealed into SQLite.
        Assert.Equal(21_000, store.CommittedSequence(0));
        Assert.Equal(21_000, StoreFixture.ReadAll(store, 0).Count);

        // Still full a few intervals later: the writer keeps retrying without losing anything.
        await Task.Delay(100);
        Assert.Equal(StoreHealth.DiskFull, store.Status.Health);

        await Uncap(store);
        await store.FlushAsync();
        Assert.Equal(StoreHealth.Healthy, store.Status.Health);
        Assert.Null(store.Status.LastError);
        Assert.Equal(0, store.Status.DroppedSamples);
        var read = StoreFixture.ReadAll(store, 0);
        Assert.Equal(samples.Select(s => s.Value), read.Select(s => s.Value));
    }

    [Fact]
    public async Task While_the_disk_is_full_memory_is_bounded_and_the_excess_is_counted()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir, blockSamples: 256);
        options = new StoreOptions
        {
            Directory = options.Directory,
            FlushInterval = options.FlushInterval,
            BlockSamples = 256,
            BlockMaxAge = TimeSpan.FromMilliseconds(10),
            IngestCapacity = options.IngestCapacity,
            MaxBufferedBytes = 20_000,
        };
        using var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock());
        var samples = EvictionTests.Noise(0, 50_000, T0, seed: 8);
        StoreFixture.AppendAll(store, samples.AsSpan(0, 1000));
        await store.FlushAsync();
        await CapAtCurrentSize(store);
        StoreFixture.AppendAll(store, samples.AsSpan(1000, 1000));
        await FlushUntilFault(store);

        StoreFixture.AppendAll(store, samples.AsSpan(2000));
        await FlushUntilFault(store);
        Assert.InRange(store.Status.BufferedBytes, 1, options.MaxBufferedBytes + 4096);
        Assert.True(store.Status.DroppedSamples > 0);

        await Uncap(store);
        await store.FlushAsync();
        var read = StoreFixture.ReadAll(store, 0);
        Assert.Equal(50_000, read.Count + store.Status.DroppedSamples);
        // Drop-newest while faulted: what is kept is the oldest, gap-free.
        Assert.Equal(samples.Take(read.Count).Select(s => s.Value), read.Select(s => s.Value));
    }
}
