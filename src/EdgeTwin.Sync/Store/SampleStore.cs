using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// The durable, compressed time-series store: samples in <c>store.db</c>, events in <c>events.db</c>.
/// <see cref="Append(ReadOnlySpan{Sample})"/> is for the acquisition threads (copies, never blocks, never
/// allocates); a dedicated writer thread compresses and commits. Reads see committed data only.
/// </summary>
public sealed class SampleStore : IStoredSamples, IDisposable, IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly StoreWriter _writer;
    private readonly StoreReader _reader;
    private readonly string[] _paths;
    private bool _disposed;

    private SampleStore(SqliteConnection connection, StoreWriter writer, StoreReader reader, string[] paths,
        Outbox outbox, EventLog events, string? movedAsidePath)
    {
        _connection = connection;
        _writer = writer;
        _reader = reader;
        _paths = paths;
        Outbox = outbox;
        Events = events;
        MovedAsidePath = movedAsidePath;
    }

    /// <summary>Forwarding cursors per destination and channel.</summary>
    public Outbox Outbox { get; }

    /// <summary>Events, alerts and commands (synchronous=FULL).</summary>
    public EventLog Events { get; }

    /// <summary>Where an unusable sample database was moved at open, or null.</summary>
    public string? MovedAsidePath { get; }

    /// <summary>Twin paths by channel id, as configured.</summary>
    public IReadOnlyList<string> ChannelPaths => _paths;

    public StoreStatus Status => _writer.Status;

    /// <summary>
    /// Opens (or creates) the store in <see cref="StoreOptions.Directory"/>. <paramref name="channelPaths"/>[i] is the
    /// twin path of channel id i; a path seen before keeps its data and sequence numbers whatever id it has now.
    /// Crash leftovers are sealed into blocks before this returns.
    /// </summary>
    public static SampleStore Open(StoreOptions options, IReadOnlyList<string> channelPaths, IClock clock,
        ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channelPaths);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;
        var paths = ValidatePaths(channelPaths);

        var connection = DatabaseFile.Open(options.SamplePath, DatabaseSchema.Samples, c => Configure(c, options), time, logger, out var movedAside);
        try
        {
            var storeIds = MapChannels(connection, paths);
            var tailPath = options.SamplePath + ".tail";
            if (movedAside is not null && File.Exists(tailPath))
            {
                // The tail belongs to the database that was moved aside, not to the fresh one.
                File.Move(tailPath, movedAside + ".tail");
            }

            var leftover = TailLog.Read(tailPath, null, null);
            var (recovered, unreadable) = TailRecovery.Run(connection, options.BlockSamples, leftover, logger);
            if (recovered + unreadable > 0)
            {
                logger.LogInformation("Store recovered {Recovered} samples from the tail ({Unreadable} unreadable)", recovered, unreadable);
            }

            var tops = TailRecovery.LoadSealedTops(connection, null);
            var next = storeIds.Select(id => tops.GetValueOrDefault(id) + 1).ToArray();
            var outbox = new Outbox(storeIds, LoadCursors(connection));
            var evicted = StoreMaintenance.ReadMeta(connection, StoreMaintenance.EvictedKey);
            var dropped = StoreMaintenance.ReadMeta(connection, StoreMaintenance.DroppedKey) + unreadable;
            var events = EventLog.Open(options.EventPath, time, logger);
            File.Delete(tailPath + ".next");
            var tail = TailLog.Create(tailPath, TailLog.ReadGeneration(tailPath) + 1, options.SyncEveryFlush);
            var writer = new StoreWriter(options, connection, storeIds, next, evicted, dropped, outbox, tail, clock, logger);
            var reader = new StoreReader(DatabaseFile.ConnectionString(options.SamplePath), storeIds, tailPath, () => writer.CommittedTail, logger);
            return new SampleStore(connection, writer, reader, paths, outbox, events, movedAside);
        }
        catch
        {
            connection.Dispose();
            SqliteConnection.ClearPool(connection);
            throw;
        }
    }

    /// <summary>
    /// Opens the store in <see cref="StoreOptions.Directory"/> for reading beside the process that writes it (the
    /// gateway holds the store lock): no lock, no crash recovery, no migration, nothing written. It sees the sealed
    /// blocks SQLite has committed and the tail log's complete records, so samples become visible within a flush
    /// interval of being acquired. Throws <see cref="StoreOpenException"/> when there is no store or the file is not one.
    /// </summary>
    public static ReadOnlySampleStore OpenReadOnly(StoreOptions options, IReadOnlyList<string> channelPaths, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channelPaths);
        options.Validate();
        return ReadOnlySampleStore.Open(options.SamplePath, ValidatePaths(channelPaths), logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// Queues samples for the writer. Returns how many were taken; the rest were dropped (and counted) because the
    /// writer is behind by more than <see cref="StoreOptions.IngestCapacity"/> samples.
    /// </summary>
    public int Append(ReadOnlySpan<Sample> samples) => _writer.Ingest.Append(samples);

    public bool Append(in Sample sample) => _writer.Ingest.Append(new ReadOnlySpan<Sample>(in sample)) == 1;

    /// <summary>Commits everything appended before the call; faults with <see cref="StoreFaultException"/> if the disk refused.</summary>
    public Task FlushAsync() => _writer.FlushAsync();

    /// <summary>The highest sequence number of <paramref name="channel"/> that is committed (durable).</summary>
    public long CommittedSequence(int channel) => _writer.CommittedSequence(channel);

    /// <summary>Committed samples of a channel with a sequence number above <paramref name="afterSequence"/>, in order.</summary>
    public int ReadAfter(int channel, long afterSequence, Span<StoredSample> destination) => _reader.ReadAfter(channel, afterSequence, destination);

    /// <summary>Committed samples of a channel with <paramref name="fromNs"/> ≤ time ≤ <paramref name="toNs"/>, in sequence order.</summary>
    public IEnumerable<StoredSample> ReadRange(int channel, long fromNs, long toNs) => _reader.ReadRange(channel, fromNs, toNs);

    internal Task ExecuteOnWriterAsync(Action<SqliteConnection> action) => _writer.ExecuteAsync(action);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer.Dispose();
        _reader.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearPool(_connection);
        Events.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Configure(SqliteConnection connection, StoreOptions options)
    {
        using var command = connection.CreateCommand();
        // page_size only takes effect on a new file, and must precede the switch to WAL.
        command.CommandText = $"""
            PRAGMA page_size = {options.PageSize};
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {(options.SyncEveryFlush ? "FULL" : "NORMAL")};
            PRAGMA journal_size_limit = {16 << 20};
            PRAGMA soft_heap_limit = {options.SqliteHeapLimitBytes};
            """;
        command.ExecuteNonQuery();
    }

    internal static string[] ValidatePaths(IReadOnlyList<string> channelPaths)
    {
        var paths = channelPaths.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Length; i++)
        {
            if (string.IsNullOrEmpty(paths[i]) || paths[i].Length > 1024)
            {
                throw new ArgumentException($"channel {i}: a twin path must be 1..1024 characters", nameof(channelPaths));
            }

            if (!seen.Add(paths[i]))
            {
                throw new ArgumentException($"channel {i}: twin path '{paths[i]}' is used twice", nameof(channelPaths));
            }
        }

        return paths;
    }

    private static int[] MapChannels(SqliteConnection connection, string[] paths)
    {
        var ids = new int[paths.Length];
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO channel(path) VALUES ($p) ON CONFLICT(path) DO UPDATE SET path = path RETURNING id";
        var parameter = command.Parameters.Add("$p", SqliteType.Text);
        for (var i = 0; i < paths.Length; i++)
        {
            parameter.Value = paths[i];
            ids[i] = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        return ids;
    }

    private static List<(string, int, long)> LoadCursors(SqliteConnection connection)
    {
        var cursors = new List<(string, int, long)>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT destination, channel, seq FROM cursor";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cursors.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }

        return cursors;
    }
}
