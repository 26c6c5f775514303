using System.Globalization;
using System.Text;
using EdgeTwin.Service.Composition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>Logs the live twin values, each device's acquisition health and the process's footprint at a configured interval.</summary>
internal sealed class StatusReporter(Gateway gateway, ILogger<StatusReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = gateway.Config.Gateway.StatusLogInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var process = new ProcessFigures();
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            logger.LogInformation("Twin {Values}", FormatTwin(gateway));
            logger.LogInformation("Acquisition {Devices}", FormatDevices(gateway));
            logger.LogInformation("Process {Figures}", process.Next());
        }
    }

    public static string FormatTwin(Gateway gateway)
    {
        var text = new StringBuilder();
        foreach (var channel in gateway.Channels.Channels)
        {
            var value = gateway.Twin.Get(channel.Id);
            text.Append(CultureInfo.InvariantCulture, $"{channel.TwinPath}={value.Value:0.###} {channel.Unit}");
            if (!value.Quality.IsGood)
            {
                text.Append(CultureInfo.InvariantCulture, $" [{value.Quality}]");
            }

            text.Append("; ");
        }

        return text.ToString().TrimEnd(' ', ';');
    }

    public static string FormatDevices(Gateway gateway) => string.Join("; ", gateway.Devices.Select(d =>
    {
        var s = d.Statistics;
        return string.Create(CultureInfo.InvariantCulture,
            $"{d.Name}: {s.Reads} reads, jitter mean {s.JitterMeanNs / 1000:0} µs p99 ≤{s.JitterP99Ns / 1000} µs max {s.JitterMaxNs / 1000} µs, missed {s.MissedPeriods}, errors {s.Errors}");
    }));
}
