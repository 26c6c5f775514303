using EdgeTwin.Drivers.Samples;
using EdgeTwin.Service.Composition;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Storage;

/// <summary>
/// Opens the durable store before acquisition starts and feeds it every sample of the pipeline; on shutdown
/// (after acquisition stopped, as hosted services stop in reverse order) it commits what is left and closes.
/// A store that cannot be opened is logged and the gateway runs on without it.
/// </summary>
internal sealed class StoreService(Gateway gateway, ILoggerFactory loggers) : IHostedService, ISampleSink
{
    private readonly ILogger _logger = loggers.CreateLogger("EdgeTwin.Store");
    private StoreLock? _lock;
    private volatile SampleStore? _store;

    /// <summary>The open store, or null when it could not be opened.</summary>
    public SampleStore? Store => _store;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = gateway.Config.Store;
        try
        {
            _lock = StoreLock.Acquire(settings.Directory);
            _store = SampleStore.Open(StoreOptionsFor(settings), gateway.Channels.Channels.Select(c => c.TwinPath).ToList(), gateway.Clock, _logger);
            if (_store.MovedAsidePath is { } aside)
            {
                _logger.LogWarning("Store at {Path} was unusable and moved aside to {Aside}; a new store was created", StorePath(settings), aside);
            }

            gateway.Pipeline.AddConsumer(this);
            _logger.LogInformation("Store open at {Path}: {Channels} channels, flush every {Flush} ms", StorePath(settings),
                gateway.Channels.Count, settings.FlushInterval.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is StoreOpenException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            _lock?.Dispose();
            _lock = null;
            _logger.LogError("Store at {Path} cannot be opened: {Error}. Samples are NOT being stored; the twin runs on.", StorePath(settings), ex.Message.TrimEnd('.'));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var store = _store;
        if (store is null)
        {
            return;
        }

        try
        {
            await store.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreFaultException or OperationCanceledException or TimeoutException)
        {
            _logger.LogError("Store final commit failed: {Error}", ex.Message);
        }

        var status = store.Status;
        _store = null;
        await store.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
        _logger.LogInformation("Store closed: {Committed} samples committed, {Dropped} dropped", status.CommittedSamples, status.DroppedSamples);
    }

    public void Publish(ReadOnlySpan<Sample> samples) => _store?.Append(samples);

    public static StoreOptions StoreOptionsFor(Configuration.StoreSettings settings) => new()
    {
        Directory = settings.Directory,
        FlushInterval = settings.FlushInterval,
        MaxBytes = settings.MaxBytes,
        MaxAge = settings.MaxAge,
    };

    public static string StorePath(Configuration.StoreSettings settings) => Path.Combine(settings.Directory, Configuration.StoreSection.FileName);
}
