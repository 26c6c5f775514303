using EdgeTwin.Sync.Store;
using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary><see cref="SampleStore.OpenReadOnly"/>: reads beside a live writer, sees what it committed, never writes.</summary>
public sealed class ReadOnlyTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public async Task A_reader_sees_committed_tail_samples_and_sealed_blocks_of_a_live_writer()
    {
        using var dir = new TempDirectory();
        using var writer = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 1000), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(writer, StoreFixture.Ramp(0, 10, T0));
        await writer.FlushAsync();

        using var reader = SampleStore.OpenReadOnly(StoreFixture.Options(dir), StoreFixture.Paths);
        // Only in the tail log so far: the block is open.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), StoreFixture.ReadAll(reader, 0).Select(s => s.Value));
        Assert.Empty(StoreFixture.ReadAll(reader, 1));

        StoreFixture.AppendAll(writer, StoreFixture.Ramp(0, 2000, T0, firstIndex: 10));
        StoreFixture.AppendAll(writer, StoreFixture.Ramp(1, 3, T0));
        await writer.FlushAsync();
        var all = StoreFixture.ReadAll(reader, 0);
        Assert.Equal(Enumerable.Range(1, 2010).Select(i => (long)i), all.Select(s => s.Sequence));
        Assert.Equal(Enumerable.Range(0, 2010).Select(i => (double)i), all.Select(s => s.Value));
        Assert.Equal(3, StoreFixture.ReadAll(reader, 1).Count);
        Assert.Equal([5.0, 6.0, 7.0], reader.ReadRange(0, T0 + 5_000_000, T0 + 7_000_000).Select(s => s.Value));
    }

    [Fact]
    public async Task Reads_during_constant_tail_rotation_are_always_a_gapless_prefix_of_what_was_committed()
    {
        using var dir = new TempDirectory();
        // 64 KiB budget: blocks go to SQLite (and the tail log rotates) every 8 KiB, many times a second.
        var options = new StoreOptions
        {
            Directory = dir.Path,
            FlushInterval = TimeSpan.FromMilliseconds(5),
            BlockSamples = 32,
            MaxBytes = 64 * 1024,
            MaxAge = TimeSpan.FromDays(3650),
            IngestCapacity = 1 << 16,
        };
        using var writer = SampleStore.Open(options, ["a"], new TestClock());
        using var reader = SampleStore.OpenReadOnly(options, ["a"]);
        // The run ends on what it must observe, not on a wall-clock window: a loaded CI machine may need far longer than
        // a quiet one to fill the budget. The deadline only turns a hang into a failure.
        using var stop = new CancellationTokenSource();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var produce = Task.Run(async () =>
        {
            var next = 0;
            while (!stop.IsCancellationRequested)
            {
                // Incompressible values, so the 64 KiB budget fills within the run.
                var batch = StoreFixture.Ramp(0, 50, T0 + (next * 1_000_000L), next).Select(s => s with { Value = Noise(s.Value) }).ToArray();
                StoreFixture.AppendAll(writer, batch);
                next += 50;
                await Task.Delay(2);
            }
        });

        var reads = 0;
        var readsAfterEviction = 0;

        // One call reads everything (the budget holds far fewer samples): across calls, eviction of the oldest blocks
        // may legitimately remove what the next call would have returned.
        var buffer = new StoredSample[1 << 17];
        try
        {
            while (readsAfterEviction < 50)
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"after 60 s and {reads} reads the budget had not forced eviction {50 - readsAfterEviction} reads deep " +
                    $"(evicted samples: {writer.Status.EvictedSamples}); the test did not exercise rotation under pressure");
                var committedBefore = writer.CommittedSequence(0);
                var n = reader.ReadAfter(0, 0, buffer);
                Assert.True(n < buffer.Length);
                var seen = buffer.AsSpan(0, n).ToArray();
                reads++;
                Assert.True(seen.Length == 0 || seen[^1].Sequence >= committedBefore,
                    $"read {reads}: saw up to #{(seen.Length == 0 ? 0 : seen[^1].Sequence)}, but #{committedBefore} was committed before the read");
                for (var i = 1; i < seen.Length; i++)
                {
                    Assert.Equal(seen[i - 1].Sequence + 1, seen[i].Sequence);
                    Assert.Equal(Noise(seen[i].Sequence - 1), seen[i].Value);
                }

                // Counted only once the reader itself has seen the oldest blocks go: reads across rotation are the point.
                if (seen.Length > 0 && seen[0].Sequence > 1)
                {
                    readsAfterEviction++;
                }

                await Task.Delay(1);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await produce;
        }

        Assert.True(writer.Status.EvictedSamples > 0);
    }

    private static double Noise(double index) => Math.Sin(index) * 1e3;

    [Fact]
    public void Opening_read_only_never_creates_moves_or_changes_a_file()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<StoreOpenException>(() => SampleStore.OpenReadOnly(StoreFixture.Options(dir), StoreFixture.Paths));
        Assert.Contains("no store at", missing.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        var path = Path.Combine(dir.Path, "store.db");
        var foreign = "this is a spreadsheet, not a store"u8.ToArray().Concat(new byte[4096]).ToArray();
        File.WriteAllBytes(path, foreign);
        var notAStore = Assert.Throws<StoreOpenException>(() => SampleStore.OpenReadOnly(StoreFixture.Options(dir), StoreFixture.Paths));
        Assert.Contains("is not a readable sample store", notAStore.Message, StringComparison.Ordinal);
        Assert.Equal(foreign, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(dir.Path));

        File.Delete(path);
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(path);
        var foreignTables = Assert.Throws<StoreOpenException>(() => SampleStore.OpenReadOnly(StoreFixture.Options(dir), StoreFixture.Paths));
        Assert.Contains("invoices", foreignTables.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_reader_of_a_stopped_store_reads_everything_and_leaves_the_files_as_they_were()
    {
        using var dir = new TempDirectory();
        using (var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock()))
        {
            StoreFixture.AppendAll(store, StoreFixture.Ramp(2, 500, T0));
            await store.FlushAsync();
        }

        var files = Directory.GetFiles(dir.Path).Order().ToList();
        var contents = files.Select(File.ReadAllBytes).ToList();
        using (var reader = SampleStore.OpenReadOnly(StoreFixture.Options(dir), ["unknown/channel", .. StoreFixture.Paths]))
        {
            Assert.Equal(500, StoreFixture.ReadAll(reader, 3).Count);
            Assert.Empty(StoreFixture.ReadAll(reader, 0));
            Assert.Empty(reader.ReadRange(0, long.MinValue, long.MaxValue));
        }

        var after = Directory.GetFiles(dir.Path).Order().ToList();
        Assert.Equal(files, after.Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal)));
        for (var i = 0; i < files.Count; i++)
        {
            Assert.Equal(contents[i], File.ReadAllBytes(files[i]));
        }
    }
}
