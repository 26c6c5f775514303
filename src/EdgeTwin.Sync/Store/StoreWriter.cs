using System.Collections.Concurrent;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// The writer thread: takes appended samples, assigns sequence numbers, fills per-channel blocks, and every
/// flush interval commits one transaction holding the blocks sealed since the last commit plus one tail
/// fragment per channel for the samples not yet in a sealed block (layout and its write cost: docs/store.md).
/// A failed commit (SQLITE_FULL, I/O error) leaves everything in memory and is retried at the next interval.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int SqliteIoErr = 10;
    private const int SqliteFull = 13;
    private const int Enospc = 28; // errno, which .NET puts in IOException.HResult on Unix
    private static readonly long AgeCheckIntervalNs = TimeSpan.FromSeconds(1).Ticks * 100;

    private readonly StoreOptions _options;
    private readonly SqliteConnection _connection;
    private readonly BlockStatements _statements;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly Outbox _outbox;
    private readonly OpenBlock[] _blocks;
    private readonly string _tailPath;
    private TailLog _tail;
    private readonly long _insertThresholdBytes;
    private readonly long[] _committedSequence;
    private readonly List<PendingBlock> _pending = [];
    private readonly ByteArena _arena = new();
    private readonly byte[] _scratch;
    private readonly IngestBuffer _ingest;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ConcurrentQueue<TaskCompletionSource> _flushWaiters = new();
    private readonly ConcurrentQueue<(Action<SqliteConnection> Action, TaskCompletionSource Done)> _actions = new();
    private readonly Thread _thread;
    private readonly long _flushIntervalNs;
    private readonly long _blockMaxAgeNs;
    private readonly long _droppedAtOpen;

    private volatile bool _stopping;
    private volatile bool _flushRequested;
    private volatile StoreHealth _health = StoreHealth.Healthy;
    private volatile string? _lastError;
    private long _pendingBytes;
    private long _writerDropped;
    private long _droppedPersisted;
    private long _evicted;
    private long _committedSamples;
    private long _commits;
    private long _databaseBytes;
    private bool _refusing;
    private long _nextAgeCheckNs;

    public StoreWriter(StoreOptions options, SqliteConnection connection, int[] storeIds, long[] nextSequence,
        long evicted, long dropped, Outbox outbox, TailLog tail, IClock clock, ILogger logger)
    {
        _options = options;
        _connection = connection;
        _statements = new BlockStatements(connection);
        _clock = clock;
        _logger = logger;
        _outbox = outbox;
        _evicted = evicted;
        _droppedAtOpen = dropped;
        _droppedPersisted = dropped;
        _blocks = new OpenBlock[storeIds.Length];
        _committedSequence = new long[storeIds.Length];
        for (var i = 0; i < storeIds.Length; i++)
        {
            _blocks[i] = new OpenBlock(storeIds[i], options.BlockSamples, nextSequence[i]);
            _committedSequence[i] = nextSequence[i] - 1;
        }

        _tailPath = tail.Path;
        _tail = tail;
        _insertThresholdBytes = Math.Min(1L << 20, options.MaxBytes / 8);
        _scratch = new byte[BlockCodec.MaxEncodedSize(options.BlockSamples)];
        _flushIntervalNs = options.FlushInterval.Ticks * 100;
        _blockMaxAgeNs = options.BlockMaxAge.Ticks * 100;
        _ingest = new IngestBuffer(options.IngestCapacity, _wake.Set);
        _databaseBytes = StoreMaintenance.UsedBytes(connection);
        _thread = new Thread(Run) { IsBackground = true, Name = "store-writer" };
        _thread.Start();
    }

    public IngestBuffer Ingest => _ingest;

    public TailSnapshot CommittedTail => Volatile.Read(ref _tail).Committed;

    public long CommittedSequence(int channel) => Volatile.Read(ref _committedSequence[channel]);

    public StoreStatus Status => new(
        _health,
        _lastError,
        _ingest.Accepted + _ingest.Dropped,
        Interlocked.Read(ref _committedSamples),
        DroppedTotal,
        Interlocked.Read(ref _evicted),
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _pendingBytes),
        Interlocked.Read(ref _databaseBytes));

    private long DroppedTotal => _droppedAtOpen + _ingest.Dropped + Interlocked.Read(ref _writerDropped);

    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopping)
        {
            done.SetException(new ObjectDisposedException(nameof(SampleStore)));
            return done.Task;
        }

        _flushWaiters.Enqueue(done);
        _flushRequested = true;
        _wake.Set();
        return done.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the writer's connection between two commits (tests use it to set page limits).</summary>
    public Task ExecuteAsync(Action<SqliteConnection> action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _actions.Enqueue((action, done));
        _wake.Set();
        return done.Task;
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();
        _thread.Join();
        _statements.Dispose();
        try
        {
            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            _logger.LogWarning(e, "Checkpoint at shutdown failed");
        }

        _wake.Dispose();
        _tail.Dispose();
    }

    private void Run()
    {
        var nextFlush = _clock.MonotonicNowNs + _flushIntervalNs;
        _nextAgeCheckNs = _clock.MonotonicNowNs;
        while (true)
        {
            try
            {
                var waitNs = nextFlush - _clock.MonotonicNowNs;
                if (waitNs > 0 && !_stopping && !_flushRequested && _actions.IsEmpty)
                {
                    _wake.Wait(TimeSpan.FromTicks(Math.Max(waitNs / 100, TimeSpan.TicksPerMillisecond)));
                }

                _wake.Reset();
                var stopping = _stopping;
                while (_actions.TryDequeue(out var item))
                {
                    RunAction(item.Action, item.Done);
                }

                var now = _clock.MonotonicNowNs;
                Drain(now);
                if (now >= nextFlush || _flushRequested || stopping)
                {
                    _flushRequested = false;
                    var waiters = _flushWaiters.Count;

                    // A waiter is queued after its caller's appends: draining after counting covers them all.
                    Drain(now);
                    var ok = TryCommit(now, insertAll: stopping);
                    if (ok)
                    {
                        Maintain(now);
                    }

                    for (var i = 0; i < waiters && _flushWaiters.TryDequeue(out var waiter); i++)
                    {
                        if (ok)
                        {
                            waiter.TrySetResult();
                        }
                        else
                        {
                            waiter.TrySetException(new StoreFaultException(_health, _lastError ?? "commit failed"));
                        }
                    }

                    nextFlush = now + _flushIntervalNs;
                }

                if (stopping)
                {
                    break;
                }
            }
            catch (Exception e)
            {
                // Top of the writer loop: a bug must not stop persistence for good; it is logged and shown as health.
                _health = StoreHealth.Faulted;
                _lastError = e.Message;
                _logger.LogError(e, "Store writer pass failed");
                if (_stopping)
                {
                    break;
                }

                Thread.Sleep(TimeSpan.FromTicks(_flushIntervalNs / 100));
            }
        }

        var lost = _pending.Sum(p => (long)(p.Count - p.Durable)) + _blocks.Sum(b => (long)(b.Count - b.Durable));
        if (lost > 0)
        {
            Interlocked.Add(ref _writerDropped, lost);
            _logger.LogError("Store closed while {Health}: {Lost} samples could not be written", _health, lost);
        }

        while (_flushWaiters.TryDequeue(out var late))
        {
            late.TrySetException(new ObjectDisposedException(nameof(SampleStore)));
        }
    }

    private void RunAction(Action<SqliteConnection> action, TaskCompletionSource done)
    {
        try
        {
            action(_connection);
            done.TrySetResult();
        }
        catch (Exception e)
        {
            done.TrySetException(e);
        }
    }

    private void Drain(long now)
    {
        var samples = _ingest.Take();
        var buffering = _health != StoreHealth.Healthy;
        foreach (ref readonly var sample in samples)
        {
            if ((uint)sample.Channel >= (uint)_blocks.Length || _refusing
                || (buffering && Interlocked.Read(ref _pendingBytes) >= _options.MaxBufferedBytes))
            {
                Interlocked.Increment(ref _writerDropped);
                continue;
            }

            var block = _blocks[sample.Channel];
            block.Add(sample.TimestampNs, sample.Value, sample.Quality.Code, now);
            if (block.IsFull)
            {
                Seal(block, now);
            }
        }
    }

    private void Seal(OpenBlock block, long now)
    {
        var count = block.Count;
        var length = BlockCodec.Encode(block.Times.AsSpan(0, count), block.Values.AsSpan(0, count), block.Qualities.AsSpan(0, count), _scratch);
        var (min, max) = TimeRange(block.Times.AsSpan(0, count));
        var payload = _arena.Copy(_scratch.AsSpan(0, length));
        var remainder = block.Durable < count ? EncodeFragment(block) : null;
        _pending.Add(new PendingBlock(block.StoreId, block.FirstSequence, count, min, max, payload, block.Durable, now, remainder));
        Interlocked.Add(ref _pendingBytes, length);
        block.Reset();
    }

    /// <summary>
    /// Every flush interval: one append to the tail log with a fragment per channel for what is not durable yet.
    /// Once the oldest sealed block waited <see cref="StoreOptions.BlockMaxAge"/>, enough bytes are pending, or at
    /// shutdown: all sealed blocks in one SQLite transaction, and the tail log rotated to hold only the open blocks.
    /// Batching keeps SQLite's page writes per block low (docs/store.md).
    /// </summary>
    private bool TryCommit(long now, bool insertAll)
    {
        var anyTail = false;
        foreach (var block in _blocks)
        {
            if (block.Count > 0 && (insertAll || now - block.OpenedAtNs >= _blockMaxAgeNs))
            {
                Seal(block, now);
            }

            anyTail |= block.Count > block.Durable;
        }

        var insertBlocks = _pending.Count > 0
            && (insertAll || now - _pending[0].SealedAtNs >= _blockMaxAgeNs || Interlocked.Read(ref _pendingBytes) >= _insertThresholdBytes);
        var anyRemainder = _pending.Exists(p => p.Remainder is not null);
        var dropped = DroppedTotal;
        if (!insertBlocks && !anyTail && !anyRemainder && !_outbox.HasChanges && dropped == _droppedPersisted)
        {
            return true;
        }

        long newlyDurable = 0;
        if (anyTail || anyRemainder)
        {
            try
            {
                foreach (var pending in _pending)
                {
                    if (pending.Remainder is { } remainder)
                    {
                        _tail.Stage(pending.StoreId, remainder.FirstSequence, remainder.Payload.Span);
                    }
                }

                foreach (var block in _blocks)
                {
                    if (block.Count > block.Durable)
                    {
                        StageFragment(_tail, block, block.Durable);
                    }
                }

                _tail.Commit();
            }
            catch (IOException e)
            {
                _tail.Discard();
                EnterFault(e, e.HResult == Enospc ? StoreHealth.DiskFull : StoreHealth.IoError);
                return false;
            }

            foreach (var pending in _pending)
            {
                if (pending.Remainder is { } remainder)
                {
                    newlyDurable += remainder.Count;
                    pending.Durable = pending.Count;
                    pending.Remainder = null;
                }
            }

            for (var i = 0; i < _blocks.Length; i++)
            {
                var block = _blocks[i];
                newlyDurable += block.Count - block.Durable;
                block.Durable = block.Count;
                Volatile.Write(ref _committedSequence[i], block.NextSequence - 1);
            }

            Interlocked.Add(ref _committedSamples, newlyDurable);
        }

        if (insertBlocks && _options.FullPolicy == StoreFullPolicy.EvictOldest)
        {
            // Make room before the batch goes in, so the file never grows past the budget by a whole batch.
            MakeRoom(Interlocked.Read(ref _pendingBytes));
        }

        if (insertBlocks || _outbox.HasChanges || dropped != _droppedPersisted)
        {
            if (!TryCommitDatabase(insertBlocks, dropped))
            {
                return false;
            }
        }

        Interlocked.Increment(ref _commits);
        if (_health != StoreHealth.Healthy)
        {
            _logger.LogInformation("Store recovered from {Health}; buffered samples are written", _health);
            _health = StoreHealth.Healthy;
            _lastError = null;
        }

        return true;
    }

    private bool TryCommitDatabase(bool insertBlocks, long dropped)
    {
        var cursors = _outbox.TakeChanges();
        TailLog? next = null;
        try
        {
            if (insertBlocks)
            {
                // The open blocks' samples move to the next log before the old one (which holds them too) is replaced.
                next = TailLog.Create(_tailPath + ".next", _tail.Generation + 1, _options.SyncEveryFlush);
                foreach (var block in _blocks)
                {
                    if (block.Count > 0)
                    {
                        StageFragment(next, block, 0);
                    }
                }

                next.Commit();
            }

            using (var transaction = _connection.BeginTransaction())
            {
                if (insertBlocks)
                {
                    foreach (var pending in _pending)
                    {
                        _statements.InsertBlock(transaction, pending);
                    }
                }

                if (dropped != _droppedPersisted)
                {
                    _statements.SetMeta(transaction, StoreMaintenance.DroppedKey, dropped);
                }

                foreach (var (destination, storeId, sequence) in cursors)
                {
                    _statements.SetCursor(transaction, destination, storeId, sequence);
                }

                transaction.Commit();
            }

            if (next is not null)
            {
                next.Promote(_tailPath);
                _tail.Dispose();
                _tail = next;
                next = null;
                _pending.Clear();
                _arena.Clear();
                Interlocked.Exchange(ref _pendingBytes, 0);
            }

            _droppedPersisted = dropped;
            return true;
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            _outbox.Restore(cursors);
            if (next is not null)
            {
                next.Dispose();
                TryDelete(next.Path);
            }

            EnterFault(e, e switch
            {
                SqliteException { SqliteErrorCode: SqliteFull } => StoreHealth.DiskFull,
                SqliteException { SqliteErrorCode: SqliteIoErr } => StoreHealth.IoError,
                SqliteException => StoreHealth.Faulted,
                _ => e.HResult == Enospc ? StoreHealth.DiskFull : StoreHealth.IoError,
            });
            return false;
        }
    }

    private void StageFragment(TailLog log, OpenBlock block, int start)
    {
        var count = block.Count - start;
        var length = BlockCodec.Encode(block.Times.AsSpan(start, count), block.Values.AsSpan(start, count), block.Qualities.AsSpan(start, count), _scratch);
        log.Stage(block.StoreId, block.FirstSequence + start, _scratch.AsSpan(0, length));
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "Cannot delete {Path}", path);
        }
    }

    private TailFragment EncodeFragment(OpenBlock block)
    {
        var start = block.Durable;
        var count = block.Count - start;
        var length = BlockCodec.Encode(block.Times.AsSpan(start, count), block.Values.AsSpan(start, count), block.Qualities.AsSpan(start, count), _scratch);
        var (min, max) = TimeRange(block.Times.AsSpan(start, count));
        return new TailFragment(block.FirstSequence + start, count, min, max, _arena.Copy(_scratch.AsSpan(0, length)));
    }

    private void MakeRoom(long incoming)
    {
        try
        {
            var used = _statements.UsedBytes();
            if (used + incoming > _options.MaxBytes)
            {
                // Evict down to 90 % so the next few batches do not each evict a block.
                Interlocked.Add(ref _evicted, StoreMaintenance.EvictOldest(_connection, used + incoming - (_options.MaxBytes / 10 * 9)));
            }
        }
        catch (SqliteException e)
        {
            EnterFault(e);
        }
    }

    private void Maintain(long now)
    {
        try
        {
            if (_options.FullPolicy == StoreFullPolicy.EvictOldest)
            {
                MakeRoom(0);
            }

            var used = _statements.UsedBytes();

            if (now >= _nextAgeCheckNs)
            {
                _nextAgeCheckNs = now + AgeCheckIntervalNs;
                var cutoff = _clock.UtcNowNs - (_options.MaxAge.Ticks * 100);
                var evicted = StoreMaintenance.EvictOlderThan(_connection, cutoff);
                if (evicted > 0)
                {
                    Interlocked.Add(ref _evicted, evicted);
                    used = _statements.UsedBytes();
                }
            }

            _refusing = _options.FullPolicy == StoreFullPolicy.DropNewest && used >= _options.MaxBytes;
            Interlocked.Exchange(ref _databaseBytes, used);
        }
        catch (SqliteException e)
        {
            EnterFault(e);
        }
    }

    private void EnterFault(SqliteException e) => EnterFault(e, e.SqliteErrorCode switch
    {
        SqliteFull => StoreHealth.DiskFull,
        SqliteIoErr => StoreHealth.IoError,
        _ => StoreHealth.Faulted,
    });

    private void EnterFault(Exception e, StoreHealth health)
    {
        if (health != _health)
        {
            _logger.LogError(e, "Store commit failed ({Health}); samples are kept in memory up to {Bytes} bytes and the commit is retried",
                health, _options.MaxBufferedBytes);
        }

        _lastError = e.Message;
        _health = health;
    }

    private static (long Min, long Max) TimeRange(ReadOnlySpan<long> times)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in times)
        {
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        return (min, max);
    }
}
