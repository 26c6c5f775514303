using System.Text;
using EdgeTwin.Sync.Store;
using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class CorruptFileTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly FixedTime At = new(new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero));

    private static void CreateSqlite(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task AssertFreshStoreWorks(SampleStore store)
    {
        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 10, T0));
        await store.FlushAsync();
        Assert.Equal(10, StoreFixture.ReadAll(store, 0).Count);
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_moved_aside_with_a_timestamp_and_a_new_store_is_created()
    {
        using var dir = new TempDirectory();
        var garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a database\n", 400)));
        await File.WriteAllBytesAsync(dir.File("store.db"), garbage);

        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock(), time: At);
        Assert.Equal(dir.File("store.db.corrupt-20261122T010203Z"), store.MovedAsidePath);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(store.MovedAsidePath!));
        await AssertFreshStoreWorks(store);
    }

    [Fact]
    public async Task A_sqlite_file_with_foreign_tables_is_moved_aside_never_written()
    {
        using var dir = new TempDirectory();
        CreateSqlite(dir.File("store.db"), "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");
        var original = await File.ReadAllBytesAsync(dir.File("store.db"));

        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock(), time: At);
        Assert.NotNull(store.MovedAsidePath);
        Assert.Equal(original, await File.ReadAllBytesAsync(store.MovedAsidePath!));
        await AssertFreshStoreWorks(store);
    }

    [Fact]
    public async Task A_store_from_a_newer_schema_is_moved_aside()
    {
        using var dir = new TempDirectory();
        CreateSqlite(dir.File("store.db"), "CREATE TABLE block(id INTEGER PRIMARY KEY); PRAGMA user_version = 99;");
        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock(), time: At);
        Assert.Equal(dir.File("store.db.corrupt-20261122T010203Z"), store.MovedAsidePath);
        await AssertFreshStoreWorks(store);
    }

    [Fact]
    public void A_second_corrupt_file_in_the_same_second_gets_its_own_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("store.db.corrupt-20261122T010203Z"), "earlier");
        File.WriteAllText(dir.File("store.db"), new string('x', 5000));
        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock(), time: At);
        Assert.Equal(dir.File("store.db.corrupt-20261122T010203Z-1"), store.MovedAsidePath);
        Assert.Equal("earlier", File.ReadAllText(dir.File("store.db.corrupt-20261122T010203Z")));
    }

    [Fact]
    public void A_corrupt_event_database_is_moved_aside_too()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("events.db"), new string('e', 5000));
        using var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, new TestClock(), time: At);
        Assert.Null(store.MovedAsidePath);
        Assert.Equal(dir.File("events.db.corrupt-20261122T010203Z"), store.Events.MovedAsidePath);
        store.Events.Append("alert", T0, "plant/motor", "{}");
    }
}
