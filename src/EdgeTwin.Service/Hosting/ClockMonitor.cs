using EdgeTwin.Drivers.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>Once a second, lets the clock follow wall-clock corrections (NTP) and logs every step it sees.</summary>
internal sealed class ClockMonitor(IClock clock, ILogger<ClockMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clock is not SystemClock system)
        {
            return;
        }

        var steps = system.StepCount;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            system.Resynchronize();
            if (system.StepCount != steps)
            {
                steps = system.StepCount;
                logger.LogWarning("Wall clock stepped; offset now {OffsetMs:0.###} ms (forward steps are adopted, backward ones slewed)",
                    system.WallClockOffsetNs / 1e6);
            }
        }
    }
}
