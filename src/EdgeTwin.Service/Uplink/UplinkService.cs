using EdgeTwin.Mqtt;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using EdgeTwin.Sync.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Uplink;

/// <summary>Runs the MQTT uplink over the open store; stops before the store closes (registered after it).</summary>
internal sealed class UplinkService(Gateway gateway, StoreService store, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EdgeTwin.Uplink");
    private volatile MqttUplink? _uplink;

    /// <summary>The running uplink, or null when disabled or without a store.</summary>
    public MqttUplink? Uplink => _uplink;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = gateway.Config.Uplink;
        if (!settings.Enabled)
        {
            _logger.LogInformation("Uplink disabled");
            return;
        }

        if (store.Store is not { } sampleStore)
        {
            _logger.LogWarning("Uplink not started: there is no store to forward from");
            return;
        }

        var client = new MqttClientOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            ClientId = settings.ClientId,
            UserName = settings.UserName,
            Password = settings.Password,
            KeepAlive = settings.KeepAlive,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        var options = new UplinkOptions
        {
            Gateway = gateway.Config.Gateway.Name,
            TopicPrefix = settings.TopicPrefix,
            ReplaySamplesPerSecond = settings.ReplaySamplesPerSecond,
        };
        var uplink = new MqttUplink(sampleStore, client, options, gateway.Clock, _logger);
        _uplink = uplink;
        var statusLog = LogStatusAsync(uplink, stoppingToken);
        try
        {
            await uplink.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await statusLog.ConfigureAwait(false);
            await uplink.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LogStatusAsync(MqttUplink uplink, CancellationToken stoppingToken)
    {
        var interval = gateway.Config.Gateway.StatusLogInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var s = uplink.Status;
                _logger.LogInformation("Uplink {State}: backlog {Backlog} samples, oldest unsent {Age:0.0} s, {Rate:0} samples/s, {Messages} messages acknowledged, {Failed} refused",
                    s.Connected ? "connected" : "disconnected", s.BacklogSamples, s.OldestUnsentAgeSeconds, s.PublishRate, s.PublishedMessages, s.FailedPublishes);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }
}
