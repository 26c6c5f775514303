using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;
using EdgeTwin.Service.Tests.Process;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Service.Tests.Scoring;

/// <summary>
/// The real gateway process with one corrupt model and an injected bearing fault: the broken score is reported
/// (log, event, bad-quality score channel, health) and the gateway runs on, scoring the other model, whose alert
/// is logged and stored durably in the event table.
/// </summary>
public sealed class ModelFailureProcessTests
{
    [Fact]
    public void A_corrupt_model_is_reported_and_the_gateway_runs_on_raising_the_other_scores_alert_into_the_event_table()
    {
        using var dir = new TempDirectory();
        var models = Directory.CreateDirectory(dir.File("models")).FullName;
        File.Copy(Path.Combine(RepositoryPaths.Root, "config", "models", "bearing.onnx"), Path.Combine(models, "bearing.onnx"));
        File.WriteAllBytes(Path.Combine(models, "thermal.onnx"), [0x08, 0x07, 0x12, 0xFF, 0xFF, 0xFF, 0x0F, 0x41]);
        var config = dir.File("edgetwin.json");
        File.Copy(RepositoryPaths.DefaultConfig, config);
        var state = Directory.CreateDirectory(dir.File("state")).FullName;

        using (var gateway = GatewayProcess.Start(
            ["run", "--config", config, "--fault", "bearing-wear=0.8@3"],
            new Dictionary<string, string> { ["EDGETWIN_Gateway__StateDirectory"] = state }))
        {
            Assert.True(gateway.WaitForOutput("alert 'bearing' raised", TimeSpan.FromSeconds(90)), gateway.Stdout + gateway.Stderr);
            Assert.Contains($"score 'thermal': model file '{Path.Combine(models, "thermal.onnx")}' is not a valid ONNX model", gateway.Stdout, StringComparison.Ordinal);
            Assert.Contains("The gateway runs on without this score", gateway.Stdout, StringComparison.Ordinal);
            Thread.Sleep(1500); // health is published once a second
            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not stop on SIGTERM");
            Assert.Equal(0, gateway.ExitCode);
            Assert.DoesNotContain("Exception", gateway.Stdout + gateway.Stderr, StringComparison.Ordinal);
        }

        using (var events = EventLog.Open(Path.Combine(state, "events.db")))
        {
            var alert = Assert.Single(events.Query(0, long.MaxValue, AlertEvent.EventType));
            Assert.Equal(ScoringLayout.AlertPath("bearing"), alert.Source);
            Assert.Contains("\"state\":\"raised\"", alert.JsonPayload, StringComparison.Ordinal);
            var error = Assert.Single(events.Query(0, long.MaxValue, "scoring-error"));
            Assert.Equal(ScoringLayout.ScorePath("thermal"), error.Source);
        }

        var (loaded, _, _) = ConfigLoader.Load(config, new Dictionary<string, string?> { ["Gateway:StateDirectory"] = state });
        var paths = TwinLayout.Paths(loaded);
        using var store = SampleStore.OpenReadOnly(new StoreOptions { Directory = state }, paths);
        var thermal = store.ReadRange(paths.ToList().IndexOf(ScoringLayout.ScorePath("thermal")), 0, long.MaxValue).ToList();
        Assert.NotEmpty(thermal);
        Assert.All(thermal, s => Assert.Equal(FrameScoring.ModelUnavailable, s.Quality));
        var health = store.ReadRange(paths.ToList().IndexOf(ScoringLayout.HealthPath), 0, long.MaxValue).ToList();
        Assert.NotEmpty(health);
        // An unwatched score (−10) and an active warning (−30): a plant engineer sees both in the figure.
        Assert.True(health[^1].Value <= 60, $"health {health[^1].Value} with a broken model and an active warning");
    }
}
