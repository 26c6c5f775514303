using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Events, alerts and commands: rare and precious, so each append is its own transaction in a separate database
/// with <c>synchronous=FULL</c> — durable against power loss when <see cref="Append"/> returns — and they never
/// queue behind the sample writer.
/// </summary>
public sealed class EventLog : IDisposable
{
    public const int MaxNameLength = 256;
    public const int MaxPayloadBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private bool _disposed;

    private EventLog(SqliteConnection connection, string? movedAsidePath)
    {
        _connection = connection;
        MovedAsidePath = movedAsidePath;
        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO event(time_ns, type, source, payload) VALUES ($t, $type, $source, $payload) RETURNING id";
        _insert.Parameters.Add("$t", SqliteType.Integer);
        _insert.Parameters.Add("$type", SqliteType.Text);
        _insert.Parameters.Add("$source", SqliteType.Text);
        _insert.Parameters.Add("$payload", SqliteType.Text);
    }

    /// <summary>Where an unusable event database was moved at open, or null.</summary>
    public string? MovedAsidePath { get; }

    public static EventLog Open(string path, TimeProvider? time = null, ILogger? logger = null)
    {
        var connection = DatabaseFile.Open(path, DatabaseSchema.Events, Configure, time ?? TimeProvider.System,
            logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, out var movedAside);
        return new EventLog(connection, movedAside);
    }

    /// <summary>Appends one event and returns its id once it is on disk.</summary>
    /// <param name="type">e.g. "alert", "command", "clock-step".</param>
    /// <param name="timeNs">Nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="source">The twin path or component that raised it.</param>
    /// <param name="jsonPayload">A JSON value, at most <see cref="MaxPayloadBytes"/> bytes in UTF-8.</param>
    public long Append(string type, long timeNs, string source, string jsonPayload)
    {
        RequireName(type, nameof(type));
        RequireName(source, nameof(source));
        ArgumentNullException.ThrowIfNull(jsonPayload);
        if (Encoding.UTF8.GetByteCount(jsonPayload) > MaxPayloadBytes)
        {
            throw new ArgumentException($"event payload exceeds {MaxPayloadBytes} bytes", nameof(jsonPayload));
        }

        try
        {
            using var document = JsonDocument.Parse(jsonPayload, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"event payload is not valid JSON: {e.Message}", nameof(jsonPayload), e);
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _insert.Parameters[0].Value = timeNs;
            _insert.Parameters[1].Value = type;
            _insert.Parameters[2].Value = source;
            _insert.Parameters[3].Value = jsonPayload;
            return (long)_insert.ExecuteScalar()!;
        }
    }

    /// <summary>Events with <paramref name="fromNs"/> ≤ time ≤ <paramref name="toNs"/> in time order, optionally of one type.</summary>
    public IReadOnlyList<StoredEvent> Query(long fromNs, long toNs, string? type = null, int limit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var events = new List<StoredEvent>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT id, time_ns, type, source, payload FROM event
                 WHERE time_ns BETWEEN $from AND $to AND ($type IS NULL OR type = $type) ORDER BY time_ns, id LIMIT $limit
                """;
            command.Parameters.AddWithValue("$from", fromNs);
            command.Parameters.AddWithValue("$to", toNs);
            command.Parameters.AddWithValue("$type", (object?)type ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.Add(new StoredEvent(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        return events;
    }

    /// <summary>Deletes events older than <paramref name="cutoffNs"/>; returns how many.</summary>
    public int DeleteBefore(long cutoffNs)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM event WHERE time_ns < $cutoff";
            command.Parameters.AddWithValue("$cutoff", cutoffNs);
            return command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _insert.Dispose();
            _connection.Dispose();
            SqliteConnection.ClearPool(_connection);
        }
    }

    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        command.ExecuteNonQuery();
    }

    private static void RequireName(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxNameLength)
        {
            throw new ArgumentException($"event {name} must be 1..{MaxNameLength} characters", name);
        }
    }
}

/// <summary>An event read back from the <see cref="EventLog"/>.</summary>
public sealed record StoredEvent(long Id, long TimeNs, string Type, string Source, string JsonPayload);
