using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Hosting;
using EdgeTwin.Service.OpcUa;
using EdgeTwin.Service.Storage;
using EdgeTwin.Service.Uplink;
using EdgeTwin.Service.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Cli;

/// <summary>Builds and runs the Generic Host around a gateway; SIGTERM and Ctrl+C stop it cleanly.</summary>
internal static class GatewayHost
{
    public static async Task<int> RunAsync(LoadedConfig loaded, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "edgetwin",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        ConfigureLogging(builder.Logging, loaded);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(loaded.Config);
        builder.Services.AddSingleton<IClock, SystemClock>();
        builder.Services.AddSingleton<SystemdNotifier>();
        builder.Services.AddSingleton(sp => GatewayBuilder.Build(loaded.Config, sp.GetRequiredService<IClock>(), sp.GetRequiredService<ILoggerFactory>()));
        // Start order matters: the store must be a pipeline consumer before acquisition starts, and stop order is
        // the reverse, so acquisition stops, then the uplink, then the store commits and closes.
        builder.Services.AddSingleton<StoreService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreService>());
        builder.Services.AddSingleton<UplinkService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UplinkService>());
        builder.Services.AddHostedService<OpcUaService>();
        builder.Services.AddHostedService<TwinService>();
        // Scoring reads the twin's frames from start to stop; it detaches after acquisition stops (docs/scoring.md).
        builder.Services.AddHostedService(sp => new Scoring.ScoringService(sp.GetRequiredService<Gateway>(), sp.GetRequiredService<StoreService>(),
            sp.GetRequiredService<ILoggerFactory>(), loaded.Source));
        builder.Services.AddHostedService<AcquisitionService>();
        builder.Services.AddHostedService<MachineCycleService>();
        builder.Services.AddHostedService<StatusReporter>();
        builder.Services.AddHostedService<ClockMonitor>();
        builder.Services.AddHostedService<SystemdService>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeTwin");
        logger.LogInformation("EdgeTwin {Version} starting: gateway '{Gateway}' from {Source} ({Mode})",
            Version, loaded.Config.Gateway.Name, loaded.Source, loaded.Config.Simulation.Enabled ? "simulated plant" : "real hardware");
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogCritical("EdgeTwin stopped: {Error}", ex.Message);
            return ExitCodes.Failure;
        }
    }

    public static string Version { get; } =
        typeof(GatewayHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static void ConfigureLogging(ILoggingBuilder logging, LoadedConfig loaded)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddConfiguration(loaded.Raw.GetSection("Logging"));

        // Under systemd the journal adds its own timestamps and reads <N> priority prefixes.
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
        {
            logging.AddSystemdConsole(o => o.IncludeScopes = false);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
    }
}
