using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Eviction and tail recovery. Each evicted block raises its channel's <c>seq_floor</c>, so sequence numbers
/// never restart even when every block of a channel is gone, and adds its samples to the persistent
/// <c>evicted_samples</c> counter in the same transaction: the count is exact across crashes.
/// </summary>
internal static class StoreMaintenance
{
    public const string EvictedKey = "evicted_samples";
    public const string DroppedKey = "dropped_samples";

    // Approximate bytes a block row costs beyond its payload: record header, columns and two index entries.
    private const int RowOverhead = 64;

    public static long UsedBytes(SqliteConnection connection)
    {
        var pages = DatabaseFile.Scalar(connection, "PRAGMA page_count") - DatabaseFile.Scalar(connection, "PRAGMA freelist_count");
        return pages * DatabaseFile.Scalar(connection, "PRAGMA page_size");
    }

    /// <summary>Deletes the oldest blocks until about <paramref name="bytes"/> are freed; returns the evicted sample count.</summary>
    public static long EvictOldest(SqliteConnection connection, long bytes)
    {
        using var transaction = connection.BeginTransaction();
        long lastId = -1;
        long freed = 0;
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, length(payload) FROM block ORDER BY id";
            using var reader = select.ExecuteReader();
            while (freed < bytes && reader.Read())
            {
                lastId = reader.GetInt64(0);
                freed += reader.GetInt64(1) + RowOverhead;
            }
        }

        var evicted = lastId < 0 ? 0 : Evict(connection, transaction, "id <= $x", lastId);
        transaction.Commit();
        return evicted;
    }

    /// <summary>Deletes every block whose newest sample is older than <paramref name="cutoffNs"/>.</summary>
    public static long EvictOlderThan(SqliteConnection connection, long cutoffNs)
    {
        using var transaction = connection.BeginTransaction();
        var evicted = Evict(connection, transaction, "t_last < $x", cutoffNs);
        transaction.Commit();
        return evicted;
    }

    private static long Evict(SqliteConnection connection, SqliteTransaction transaction, string where, long x)
    {
        long count;
        using (var sum = connection.CreateCommand())
        {
            sum.Transaction = transaction;
            sum.Parameters.AddWithValue("$x", x);
            sum.CommandText = $"SELECT coalesce(sum(count), 0) FROM block WHERE {where}";
            count = Convert.ToInt64(sum.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (count == 0)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$x", x);
        command.Parameters.AddWithValue("$n", count);
        command.CommandText = $"""
            UPDATE channel SET seq_floor = max(seq_floor, e.top)
              FROM (SELECT channel, max(first_seq + count - 1) AS top FROM block WHERE {where} GROUP BY channel) AS e
             WHERE channel.id = e.channel;
            INSERT INTO meta(key, value) VALUES ('{EvictedKey}', $n) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value;
            DELETE FROM block WHERE {where};
            """;
        command.ExecuteNonQuery();
        return count;
    }

    public static long ReadMeta(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() is long value ? value : 0;
    }
}
