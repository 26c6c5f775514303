using Microsoft.Data.Sqlite;

namespace EdgeTwin.Sync.Store;

/// <summary>The writer's prepared statements, reused for every commit.</summary>
internal sealed class BlockStatements : IDisposable
{
    private readonly SqliteCommand _insertBlock;
    private readonly SqliteCommand _upsertMeta;
    private readonly SqliteCommand _upsertCursor;

    public BlockStatements(SqliteConnection connection)
    {
        _insertBlock = Create(connection,
            "INSERT INTO block(channel, first_seq, count, t_first, t_last, payload) VALUES ($c, $s, $n, $t0, $t1, $p)",
            "$c", "$s", "$n", "$t0", "$t1", "$p");
        _upsertMeta = Create(connection,
            "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", "$k", "$v");
        _upsertCursor = Create(connection,
            "INSERT INTO cursor(destination, channel, seq) VALUES ($d, $c, $s) ON CONFLICT(destination, channel) DO UPDATE SET seq = max(seq, excluded.seq)",
            "$d", "$c", "$s");
    }

    public void InsertBlock(SqliteTransaction transaction, PendingBlock block) =>
        Run(_insertBlock, transaction, block.StoreId, block.FirstSequence, block.Count, block.MinTime, block.MaxTime, block.Payload);

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
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, int storeId, long firstSequence, int count, long minTime, long maxTime, byte[] payload)
    {
        command.Transaction = transaction;
        var p = command.Parameters;
        p[0].Value = storeId;
        p[1].Value = firstSequence;
        p[2].Value = count;
        p[3].Value = minTime;
        p[4].Value = maxTime;
        p[5].Value = payload;
        command.ExecuteNonQuery();
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
