using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Store;

/// <summary>The writer's prepared statements, reused for every commit.</summary>
internal sealed class BlockStatements : IDisposable
{
    private readonly SqliteStatement _insertBlock;
    private readonly SqliteCommand _upsertMeta;
    private readonly SqliteCommand _upsertCursor;
    private readonly SqliteStatement _pageCount;
    private readonly SqliteStatement _freePages;
    private readonly SqliteStatement _pageSize;

    public BlockStatements(SqliteConnection connection)
    {
        // Through SQLite's C API: the payload binds from its pooled buffer, with no copy into a new array per block.
        _insertBlock = new SqliteStatement(connection,
            "INSERT INTO block(channel, first_seq, count, t_first, t_last, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        _upsertMeta = Create(connection,
            "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", "$k", "$v");
        _upsertCursor = Create(connection,
            "INSERT INTO cursor(destination, channel, seq) VALUES ($d, $c, $s) ON CONFLICT(destination, channel) DO UPDATE SET seq = max(seq, excluded.seq)",
            "$d", "$c", "$s");
        _pageCount = new SqliteStatement(connection, "PRAGMA page_count");
        _freePages = new SqliteStatement(connection, "PRAGMA freelist_count");
        _pageSize = new SqliteStatement(connection, "PRAGMA page_size");
    }

    /// <summary>Bytes in use by the database (pages not on the free list); asked after every commit, so prepared once.</summary>
    public long UsedBytes() => (Scalar(_pageCount) - Scalar(_freePages)) * Scalar(_pageSize);

    /// <summary>Inserts a block within <paramref name="transaction"/>, which must be this connection's current one.</summary>
    public void InsertBlock(SqliteTransaction transaction, PendingBlock block)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        _insertBlock.Bind(1, block.StoreId);
        _insertBlock.Bind(2, block.FirstSequence);
        _insertBlock.Bind(3, block.Count);
        _insertBlock.Bind(4, block.MinTime);
        _insertBlock.Bind(5, block.MaxTime);
        _insertBlock.Bind(6, block.Payload.Span);
        _insertBlock.Execute();
    }

    public void SetMeta(SqliteTransaction transaction, string key, long value)
    {
        _upsertMeta.Transaction = transaction;
        _upsertMeta.Parameters[0].Value = key;
        _upsertMeta.Parameters[1].Value = value;
        _upsertMeta.ExecuteNonQuery();
    }

    public void SetCursor(SqliteTransaction transaction, string destination, int storeId, long sequence)
    {
        _upsertCursor.Transaction = transaction;
        _upsertCursor.Parameters[0].Value = destination;
        _upsertCursor.Parameters[1].Value = storeId;
        _upsertCursor.Parameters[2].Value = sequence;
        _upsertCursor.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertBlock.Dispose();
        _upsertMeta.Dispose();
        _upsertCursor.Dispose();
        _pageCount.Dispose();
        _freePages.Dispose();
        _pageSize.Dispose();
    }

    private static long Scalar(SqliteStatement statement)
    {
        try
        {
            return statement.Step() ? statement.Int64(0) : 0;
        }
        finally
        {
            statement.Reset();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
