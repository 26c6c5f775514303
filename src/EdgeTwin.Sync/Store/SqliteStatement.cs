using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// A prepared statement driven through SQLite's C API (SQLitePCLRaw, which Microsoft.Data.Sqlite is built on), for
/// the store's per-poll and per-block paths: binding a span and reading a blob column as a span allocate nothing,
/// where a <see cref="SqliteCommand"/> boxes every parameter, copies every blob into a new array and allocates a data
/// reader per execution. It runs on its connection's handle, so it takes part in that connection's transaction.
/// Parameters are numbered from 1 (<c>?1</c>, <c>?2</c>, …); columns from 0.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, sql, out _statement), _database);
    }

    public void Bind(int parameter, long value) => Check(raw.sqlite3_bind_int64(_statement, parameter, value));

    /// <summary>Binds a copy of <paramref name="value"/> (SQLite copies it), so the caller may reuse the memory at once.</summary>
    public void Bind(int parameter, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, parameter, value));

    /// <summary>Runs a statement that returns no rows, and resets it.</summary>
    public void Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _database);
            }
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Moves to the next row: false after the last. <see cref="Reset"/> when done, also after an exception.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }

        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>The blob in <paramref name="column"/> of the current row, valid until the next <see cref="Step"/> or <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Ends the current execution, which releases the read snapshot it held (WAL), and keeps the statement for the next.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }
    }
}
