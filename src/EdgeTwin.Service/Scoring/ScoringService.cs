using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Scoring;

/// <summary>
/// Runs local anomaly scoring in the gateway (docs/scoring.md): it scores the twin's aligned frames on the twin's
/// frame thread; alert transitions are logged and appended to the store's event table off that thread. A score
/// whose model cannot be loaded is reported (log, event, its twin channel marked Bad_ConfigurationError, health)
/// and the gateway runs on without it.
/// </summary>
internal sealed class ScoringService(Gateway gateway, StoreService store, ILoggerFactory loggers, string? configSource) : IHostedService, IDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("EdgeTwin.Scoring");
    private readonly CancellationTokenSource _stop = new();
    private ScoringRuntime? _runtime;
    private Task? _events;

    public ScoringRuntime? Runtime => _runtime;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = gateway.Config;
        if (!config.Scoring.Active)
        {
            return Task.CompletedTask;
        }

        var runtime = ScoringRuntime.Create(config, gateway.Aligner, gateway.Pipeline, configSource);
        _runtime = runtime;
        foreach (var s in runtime.Scorers)
        {
            if (s.Error is not null)
            {
                _logger.LogError("Scoring: {Error}. The gateway runs on without this score.", s.Error);
                Append("scoring-error", gateway.Clock.UtcNowNs, ScoringLayout.ScorePath(s.Settings.Name),
                    AlertEvent.Json(w =>
                    {
                        w.WriteString("score", s.Settings.Name);
                        w.WriteString("error", s.Error);
                    }));
            }
            else
            {
                var a = s.Settings.Alert;
                _logger.LogInformation("Score '{Name}': {Features} features, {Window} s window every {Hop} s ({Engine}); {Severity} alert at ≥ {Raise} for {RaiseAfter} s, clears at ≤ {Clear}",
                    s.Settings.Name, s.Settings.Features.Count, s.Settings.Window.TotalSeconds, s.Settings.Hop.TotalSeconds, s.Settings.Engine,
                    a.Severity, a.Raise, a.RaiseAfter.TotalSeconds, a.Clear);
            }
        }

        runtime.Attach();
        _events = Task.Run(WriteAlertsAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runtime is null)
        {
            return;
        }

        _runtime.Detach();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_events is not null)
        {
            await _events.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _runtime?.Dispose();
        _stop.Dispose();
    }

    private async Task WriteAlertsAsync()
    {
        var reader = _runtime!.Scoring.Alerts;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var alert))
                {
                    if (alert.Raised)
                    {
                        _logger.LogWarning("{Alert}", alert);
                    }
                    else
                    {
                        _logger.LogInformation("{Alert}", alert);
                    }

                    Append(AlertEvent.EventType, alert.TimeNs, alert.Source, alert.ToJson());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: alerts still queued are in the twin's alert channels and the log's last lines.
        }
    }

    private void Append(string type, long timeNs, string source, string payload)
    {
        try
        {
            store.Store?.Events.Append(type, timeNs, source, payload);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or IOException)
        {
            _logger.LogError("Scoring: {Type} event not stored: {Error}", type, ex.Message);
        }
    }
}
