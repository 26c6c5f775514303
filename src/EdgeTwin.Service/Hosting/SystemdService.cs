using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>
/// Tells systemd when the gateway is ready and when it stops, keeps STATUS= current, and pings the watchdog
/// only while every bus thread is making progress — a hung acquisition thread lets systemd restart us.
/// </summary>
internal sealed class SystemdService(
    Gateway gateway,
    SystemdNotifier notifier,
    IHostApplicationLifetime lifetime,
    ILogger<SystemdService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        await WhenStarted(stoppingToken).ConfigureAwait(false);
        notifier.Ready(Summary());
        lifetime.ApplicationStopping.Register(() => notifier.Stopping("stopping: flushing and closing"));

        var watchdog = SystemdNotifier.WatchdogInterval();
        var tick = watchdog is { } w ? w / 2 : TimeSpan.FromSeconds(5);
        using var timer = new PeriodicTimer(tick);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (watchdog is { } interval)
            {
                if (AcquisitionAlive(interval))
                {
                    notifier.Watchdog();
                }
                else
                {
                    logger.LogCritical("A bus thread made no progress for {Interval}; withholding the watchdog ping", interval);
                }
            }

            notifier.Status(Summary());
        }
    }

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }

    private bool AcquisitionAlive(TimeSpan interval)
    {
        var now = gateway.Clock.MonotonicNowNs;
        return gateway.Samplers.All(s => s.IsRunning && now - s.LastLoopMonotonicNs < interval.Ticks * 100);
    }

    private string Summary()
    {
        var errors = gateway.Devices.Sum(d => d.Statistics.Errors);
        var missed = gateway.Devices.Sum(d => d.Statistics.MissedPeriods);
        return $"running: {gateway.Devices.Count} devices on {gateway.Samplers.Count} buses, {gateway.Channels.Count} channels, {errors} read errors, {missed} missed periods";
    }
}
