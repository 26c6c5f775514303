using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using EdgeTwin.Sync.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>
/// Runs the twin's timer thread (aligned frames, sleeping to absolute deadlines) and publishes sync quality and
/// clock state into the twin every Twin:SyncIntervalSeconds; hands the open store to the history.
/// </summary>
internal sealed class TwinService(Gateway gateway, StoreService store, ILogger<TwinService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Thread? _frames;
    private Task? _health;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Store is { } open)
        {
            gateway.TwinRuntime.History.Durable = new StoreHistorySource(open);
        }

        var aligner = gateway.Aligner;
        _frames = new Thread(() => RunFrames(_stop.Token)) { IsBackground = true, Name = "edgetwin-frames" };
        _frames.Start();
        _health = PublishHealthAsync(_stop.Token);
        logger.LogInformation("Twin: {Channels} channels aligned at {Rate:0.##} Hz (latency budget {Budget} ms), {Derived} derived states, {History} s of history in memory",
            aligner.Channels.Count, gateway.Config.Twin.FrameRateHz, gateway.Config.Twin.LatencyBudget.TotalMilliseconds,
            gateway.Config.Encoders.Count + gateway.Config.Derived.Count, gateway.Config.Twin.HistoryRetention.TotalSeconds);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _frames?.Join(TimeSpan.FromSeconds(2));
        if (_health is not null)
        {
            await _health.ConfigureAwait(false);
        }

        gateway.TwinRuntime.History.Durable = null;
        var frames = gateway.Aligner.Frames;
        logger.LogInformation("Twin stopped: {Frames} frames, {Late} late, {Skipped} skipped", frames.FramesEmitted, frames.FramesLate, frames.FramesSkipped);
    }

    public void Dispose() => _stop.Dispose();

    private void RunFrames(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                gateway.Aligner.Run(token);
            }
            catch (Exception ex)
            {
                // The frame thread must outlive a bug in one poll; counted in the log, resumed on a fresh schedule.
                logger.LogError("Aligner poll failed: {Error}", ex.Message);
                token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task PublishHealthAsync(CancellationToken token)
    {
        var health = new SyncHealth(gateway);
        using var timer = new PeriodicTimer(gateway.Config.Twin.SyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                gateway.Pipeline.Publish(health.Sample());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
