using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Opens one SQLite file of a known schema. A file that is not SQLite, is corrupt, carries tables this build does
/// not know or a newer schema version is never written to: it is renamed to
/// <c>&lt;name&gt;.corrupt-yyyyMMddTHHmmssZ</c> (with its -wal and -shm) and a fresh database is created.
/// </summary>
internal static class DatabaseFile
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    public static SqliteConnection Open(string path, DatabaseSchema schema, Action<SqliteConnection> configure,
        TimeProvider time, ILogger logger, out string? movedAsidePath)
    {
        movedAsidePath = null;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = TryOpen(path, schema, configure, out var problem);
        if (connection is not null)
        {
            return connection;
        }

        movedAsidePath = MoveAside(path, time);
        logger.LogError("The {Schema} file {Path} is unusable ({Problem}); it was moved to {Aside} and a new one is created",
            schema.Name, path, problem, movedAsidePath);
        connection = TryOpen(path, schema, configure, out problem);
        return connection ?? throw new StoreOpenException($"cannot create a new {schema.Name} at {path}: {problem}");
    }

    /// <summary>The connection string every connection to <paramref name="path"/> uses, so they share one pool.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private static SqliteConnection? TryOpen(string path, DatabaseSchema schema, Action<SqliteConnection> configure, out string? problem)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            // Validation only reads: a foreign file must leave this method byte-for-byte unchanged.
            problem = Validate(connection, schema);
            if (problem is null)
            {
                configure(connection);
                Migrate(connection, schema);
                return connection;
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            problem = e.Message;
        }

        connection.Dispose();
        SqliteConnection.ClearPool(connection);
        return null;
    }

    internal static string? Validate(SqliteConnection connection, DatabaseSchema schema)
    {
        var version = Scalar(connection, "PRAGMA user_version");
        if (version > schema.CurrentVersion)
        {
            return $"schema version {version} is newer than this build's {schema.CurrentVersion}";
        }

        var unknown = new List<string>();
        var tables = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables++;
                var name = reader.GetString(0);
                if (!schema.KnownTables.Contains(name))
                {
                    unknown.Add(name);
                }
            }
        }

        if (unknown.Count > 0)
        {
            return $"it holds tables this build does not know: {string.Join(", ", unknown)}";
        }

        if (version == 0 && tables > 0)
        {
            return "it has tables but no schema version";
        }

        // No PRAGMA quick_check here: it reads the whole file, minutes for a large store on an SD card. Corruption
        // inside the file surfaces as SQLITE_CORRUPT on use and is reported through the store's health.
        return null;
    }

    private static void Migrate(SqliteConnection connection, DatabaseSchema schema)
    {
        var version = (int)Scalar(connection, "PRAGMA user_version");
        if (version == schema.CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        for (var v = version; v < schema.CurrentVersion; v++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = schema.Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    internal static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string MoveAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{path}.corrupt-{stamp}";
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, aside);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix);
            }
        }

        return aside;
    }
}
