using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;
using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>The store bounds SQLite's page caches (edge budget) without losing or reordering anything.</summary>
public sealed class SqliteHeapLimitTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public async Task Opening_a_store_sets_the_soft_heap_limit_and_data_several_times_larger_reads_back_exactly()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir, blockSamples: 1024);
        Assert.Equal(1L << 20, options.SqliteHeapLimitBytes);

        // Random values defeat the block codec (~8 bytes a sample): ~4.8 MB of blocks, several times the limit.
        var random = new Random(7);
        var written = Enumerable.Range(0, 3)
            .Select(c => Enumerable.Range(0, 200_000).Select(i => new Sample(c, T0 + (i * 1_000_000L), random.NextDouble() * 1e6, Quality.Good)).ToArray())
            .ToArray();
        using (var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock()))
        {
            foreach (var channel in written)
            {
                // In slices the writer drains in between: the ingest buffer holds 256 Ki samples.
                for (var i = 0; i < channel.Length; i += 50_000)
                {
                    StoreFixture.AppendAll(store, channel.AsSpan(i, 50_000));
                    await store.FlushAsync();
                }
            }

            Assert.Equal(options.SqliteHeapLimitBytes, SoftHeapLimit(options));
        }

        Assert.True(new FileInfo(Path.Combine(dir.Path, "store.db")).Length > 4 * options.SqliteHeapLimitBytes, "the data outgrows the page cache");
        using (var store = SampleStore.Open(options, StoreFixture.Paths, new TestClock()))
        {
            for (var c = 0; c < written.Length; c++)
            {
                var read = StoreFixture.ReadAll(store, c);
                Assert.Equal(written[c].Select(s => (s.TimestampNs, s.Value)), read.Select(s => (s.TimestampNs, s.Value)));
            }
        }
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        using var dir = new TempDirectory();
        var options = new StoreOptions { Directory = dir.Path, SqliteHeapLimitBytes = -1 };
        var e = Assert.Throws<ArgumentException>(() => SampleStore.Open(options, StoreFixture.Paths, new TestClock()));
        Assert.Contains("SqliteHeapLimitBytes", e.Message, StringComparison.Ordinal);
    }

    private static long SoftHeapLimit(StoreOptions options)
    {
        // The limit is process-wide in SQLite, so any connection reports it.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.Directory, "probe.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA soft_heap_limit";
        return (long)command.ExecuteScalar()!;
    }
}
