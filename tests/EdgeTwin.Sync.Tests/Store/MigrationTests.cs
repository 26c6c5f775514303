using EdgeTwin.Sync.Compression;
using EdgeTwin.Sync.Store;
using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class MigrationTests
{
    [Fact]
    public async Task A_version_1_store_is_migrated_and_keeps_its_samples()
    {
        using var dir = new TempDirectory();
        var t = Enumerable.Range(0, 100).Select(i => 1_795_000_000_000_000_000L + (i * 1_000_000L)).ToArray();
        var v = Enumerable.Range(0, 100).Select(i => i * 0.5).ToArray();
        var payload = new byte[BlockCodec.MaxEncodedSize(100)];
        var length = BlockCodec.Encode(t, v, new uint[100], payload);

        using (var connection = new SqliteConnection($"Data Source={dir.File("store.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // Exactly what a build with schema version 1 left behind.
            command.CommandText = DatabaseSchema.Samples.Migrations[0] + """

                PRAGMA user_version = 1;
                INSERT INTO channel(id, path) VALUES (7, 'plant/motor/speed');
                INSERT INTO block(channel, first_seq, count, t_first, t_last, payload) VALUES (7, 1, 100, $t0, $t1, $p);
                """;
            command.Parameters.AddWithValue("$t0", t[0]);
            command.Parameters.AddWithValue("$t1", t[^1]);
            command.Parameters.AddWithValue("$p", payload.AsSpan(0, length).ToArray());
            command.ExecuteNonQuery();
        }

        using (var store = SampleStore.Open(StoreFixture.Options(dir), ["plant/motor/speed"], new TestClock()))
        {
            Assert.Null(store.MovedAsidePath);
            var read = StoreFixture.ReadAll(store, 0);
            Assert.Equal(v, read.Select(s => s.Value));
            Assert.Equal(100, store.CommittedSequence(0));

            // The tables version 2 added work.
            store.Outbox.Advance("mqtt", 0, 40);
            StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 1, t[^1] + 1_000_000));
            await store.FlushAsync();
            Assert.Equal(101, store.CommittedSequence(0));
        }

        using (var connection = new SqliteConnection($"Data Source={dir.File("store.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            Assert.Equal((long)DatabaseSchema.Samples.CurrentVersion, (long)command.ExecuteScalar()!);
            command.CommandText = "SELECT seq FROM cursor WHERE destination = 'mqtt' AND channel = 7";
            Assert.Equal(40L, (long)command.ExecuteScalar()!);
        }
    }
}
