using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// A store opened by <see cref="SampleStore.OpenReadOnly"/>: reads beside a live writer in another process and never
/// writes. SQLite connections are opened <c>Mode=ReadOnly</c>, which in WAL mode read the last committed transaction
/// without blocking the writer (SQLite "WAL mode" §2.2, concurrency); the tail log is read up to its last complete,
/// CRC-valid record, as crash recovery would.
/// </summary>
public sealed class ReadOnlySampleStore : IStoredSamples, IDisposable
{
    private readonly string _connectionString;
    private readonly StoreReader _reader;
    private readonly string[] _paths;

    private ReadOnlySampleStore(string connectionString, StoreReader reader, string[] paths)
    {
        _connectionString = connectionString;
        _reader = reader;
        _paths = paths;
    }

    public IReadOnlyList<string> ChannelPaths => _paths;

    public int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination) => _reader.ReadAfter(channel, afterSequence, destination);

    public IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs) => _reader.ReadRange(channel, fromNs, toNs);

    public void Dispose()
    {
        _reader.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal static ReadOnlySampleStore Open(string samplePath, string[] paths, ILogger logger)
    {
        if (!File.Exists(samplePath))
        {
            throw new StoreOpenException($"no store at {samplePath}");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = samplePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var storeIds = new int[paths.Length];
        using (var connection = new SqliteConnection(connectionString))
        {
            try
            {
                connection.Open();
                var problem = DatabaseFile.Validate(connection, DatabaseSchema.Samples);
                if (problem is null && DatabaseFile.Scalar(connection, "PRAGMA user_version") == 0)
                {
                    problem = "it has no schema yet";
                }

                if (problem is not null)
                {
                    throw new StoreOpenException($"{samplePath} is not a readable sample store: {problem}");
                }

                var known = ChannelIds(connection);
                for (var i = 0; i < paths.Length; i++)
                {
                    storeIds[i] = known.GetValueOrDefault(paths[i], -1);
                }
            }
            catch (SqliteException e)
            {
                SqliteConnection.ClearPool(connection);
                throw new StoreOpenException($"{samplePath} is not a readable sample store: {e.Message}", e);
            }
        }

        var reader = new StoreReader(connectionString, storeIds, samplePath + ".tail", committedTail: null, logger);
        return new ReadOnlySampleStore(connectionString, reader, paths);
    }

    private static Dictionary<string, int> ChannelIds(SqliteConnection connection)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, path FROM channel";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids[reader.GetString(1)] = reader.GetInt32(0);
        }

        return ids;
    }
}
