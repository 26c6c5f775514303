using EdgeTwin.Mqtt;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Sync.Uplink;
using EdgeTwin.Sync.Uplink.Sparkplug;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Uplink;

/// <summary>
/// Runs the MQTT uplink over the open store; stops before the store closes (registered after it). Publishes the
/// uplink's status into the twin at 1 Hz (<see cref="UplinkLayout"/>) and logs it every Gateway:StatusLogSeconds.
/// </summary>
internal sealed class UplinkService(Gateway gateway, StoreService store, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The last Sparkplug bdSeq, in Gateway:StateDirectory.</summary>
    public const string BdSeqFileName = "sparkplug-bdseq";

    private readonly ILogger _logger = loggers.CreateLogger("EdgeTwin.Uplink");
    private volatile IUplink? _uplink;

    /// <summary>The running uplink whatever its format, or null when disabled or without a store.</summary>
    public IUplink? Running => _uplink;

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
            Tls = settings.Tls is { } tls
                ? new MqttTlsOptions { CaFile = tls.CaFile, ClientCertificateFile = tls.ClientCertificate, ClientKeyFile = tls.ClientKey }
                : null,
        };
        var options = new UplinkOptions
        {
            Gateway = gateway.Config.Gateway.Name,
            TopicPrefix = settings.TopicPrefix,
            ReplaySamplesPerSecond = settings.ReplaySamplesPerSecond,
        };
        IUplink uplink = settings is { Format: UplinkFormat.Sparkplug, Sparkplug: { } sparkplug }
            ? new SparkplugUplink(sampleStore, client, options, new SparkplugOptions
            {
                GroupId = sparkplug.GroupId,
                EdgeNodeId = sparkplug.EdgeNodeId,
                PrimaryHostId = sparkplug.PrimaryHostId,
                ChannelDevices = [.. sampleStore.ChannelPaths.Select(DeviceOf)],
                BdSeqFile = Path.Combine(gateway.Config.Gateway.StateDirectory, BdSeqFileName),
            }, gateway.Clock, _logger)
            : new MqttUplink(sampleStore, client, options, gateway.Clock, _logger);
        _uplink = uplink;
        var statusLog = LogStatusAsync(uplink, stoppingToken);
        var statusTwin = PublishStatusAsync(uplink, stoppingToken);
        try
        {
            await uplink.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await statusLog.ConfigureAwait(false);
            await statusTwin.ConfigureAwait(false);
            await uplink.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sparkplug devices are the twin's owners: a sensor, an encoder, an actuator, or the gateway's own health.</summary>
    private string DeviceOf(string twinPath) =>
        gateway.Channels.TryGetId(twinPath, out var id) ? gateway.Channels[id].Device : "gateway";

    private async Task PublishStatusAsync(IUplink uplink, CancellationToken stoppingToken)
    {
        var source = UplinkStatusSource.Create(gateway.Channels, gateway.Pipeline, gateway.Clock);
        if (source is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / UplinkLayout.RateHz));
        try
        {
            do
            {
                try
                {
                    source.Publish(uplink.Status);
                }
                catch (Exception ex)
                {
                    // A consumer's fault must not stop the status loop; the next second tries again.
                    _logger.LogWarning(ex, "Uplink status not published to the twin");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }

    private async Task LogStatusAsync(IUplink uplink, CancellationToken stoppingToken)
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
