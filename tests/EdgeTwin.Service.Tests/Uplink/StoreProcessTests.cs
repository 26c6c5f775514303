using System.Diagnostics;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Tests.Process;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>The real gateway stores every channel durably, closes the store on SIGTERM, and <c>export</c> reads it back.</summary>
public sealed class StoreProcessTests
{
    [Fact]
    public void Gateway_stores_every_channel_without_gaps_and_export_reads_it_back_after_sigterm()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = dir.Path,
            ["EDGETWIN_Uplink__Enabled"] = "false",
        };
        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            Assert.True(gateway.WaitForOutput("Store open at", TimeSpan.FromSeconds(30)), gateway.Stdout + gateway.Stderr);
            Thread.Sleep(3000);
            var stop = Stopwatch.StartNew();
            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(5)), "the gateway did not exit within 5 s of SIGTERM");
            Assert.True(stop.Elapsed < TimeSpan.FromSeconds(5));
            Assert.Equal(0, gateway.ExitCode);
            Assert.Contains("Store closed:", gateway.Stdout, StringComparison.Ordinal);
            Assert.Contains(", 0 dropped", gateway.Stdout, StringComparison.Ordinal);
        }

        var csv = dir.File("all.csv");
        var (code, _, stderr) = GatewayProcess.Run(
            ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z", "--out", csv],
            environment);
        Assert.True(code == 0, stderr);
        var rows = StoredRow.Parse(File.ReadAllText(csv));

        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        var paths = GatewayBuilder.TwinPaths(config);
        var sampled = config.Devices.SelectMany(d => d.Channels.Select(c => c.TwinPath)).ToList();
        Assert.All(sampled, p => Assert.True(rows.Any(r => r.Channel == p), $"no stored samples of {p}"));
        Assert.All(rows.Select(r => r.Channel).Distinct(), p => Assert.Contains(p, paths));
        foreach (var path in paths)
        {
            var channel = rows.Where(r => r.Channel == path).ToList();
            Assert.Equal(Enumerable.Range(1, channel.Count).Select(i => (long)i), channel.Select(r => r.Sequence));
            Assert.True(channel.Zip(channel.Skip(1)).All(p => p.First.TimeNs <= p.Second.TimeNs), $"{path}: time goes backwards");
        }

        // About three seconds of a 1 kHz IMU: far more than a handful, and never more than 1 kHz allows over the span
        // actually stored (a starved sampler on a loaded CI machine stores fewer, which is not what this test is about).
        var imu = rows.Where(r => r.Channel == "axis1/motor/vibration/x").ToList();
        Assert.InRange(imu.Count, 100, 10_000);
        var spanMs = (imu[^1].TimeNs - imu[0].TimeNs) / 1_000_000;
        Assert.True(imu.Count <= (spanMs * 1.1) + 10, $"{imu.Count} IMU samples over {spanMs} ms: more than 1 kHz");
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.TimeNs <= p.Second.TimeNs), "export is not merged in time order");
    }

    [Fact]
    public void Export_runs_beside_the_live_gateway_and_sees_its_committed_samples_at_the_configured_store_path()
    {
        using var dir = new TempDirectory();
        var storePath = Path.Combine(dir.Path, "samples", "store.db");
        var environment = new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = dir.File("state"),
            ["EDGETWIN_Store__Path"] = storePath,
            ["EDGETWIN_Uplink__Enabled"] = "false",
        };
        string[] export = ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z",
            "--channel", "axis1/motor/vibration/x", "--channel", "axis1/motor/temperature"];
        List<StoredRow> live;
        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            Assert.True(gateway.WaitForOutput("Store open at " + storePath, TimeSpan.FromSeconds(30)), gateway.Stdout + gateway.Stderr);
            Thread.Sleep(2500);
            var exportedAtNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            var (code, _, stderr) = GatewayProcess.Run([.. export, "--out", dir.File("live.csv")], environment);
            Assert.True(code == 0, stderr);
            live = StoredRow.Parse(File.ReadAllText(dir.File("live.csv")));

            // Sealed blocks reach SQLite only every 10 s, so everything seen here came from the committed tail log.
            var imu = live.Where(r => r.Channel == "axis1/motor/vibration/x").ToList();
            Assert.InRange(imu.Count, 500, 10_000);
            Assert.Equal(Enumerable.Range(1, imu.Count).Select(i => (long)i), imu.Select(r => r.Sequence));
            Assert.True(exportedAtNs - imu[^1].TimeNs < 2_000_000_000L, $"the newest exported sample is {(exportedAtNs - imu[^1].TimeNs) / 1e6:F0} ms old");
            Assert.Contains(live, r => r.Channel == "axis1/motor/temperature");
            Assert.False(gateway.WaitForExit(TimeSpan.Zero), "the gateway stopped while export ran:\n" + gateway.Stdout + gateway.Stderr);

            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(5)), "the gateway did not exit within 5 s of SIGTERM");
            Assert.Equal(0, gateway.ExitCode);
            Assert.DoesNotContain("in use by another process", gateway.Stdout + gateway.Stderr, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(storePath), $"no store at the configured {storePath}");
        Assert.False(Directory.Exists(dir.File("state")) && File.Exists(Path.Combine(dir.File("state"), "store.db")), "a store was created in the state directory too");

        // What the live export saw is exactly the start of what the stopped store holds.
        var (finalCode, _, finalErr) = GatewayProcess.Run([.. export, "--out", dir.File("final.csv")], environment);
        Assert.True(finalCode == 0, finalErr);
        var final = StoredRow.Parse(File.ReadAllText(dir.File("final.csv"))).ToHashSet();
        Assert.All(live, r => Assert.Contains(r, final));
        Assert.True(final.Count > live.Count);
    }

    [Fact]
    public void Export_of_one_channel_and_a_time_window_returns_only_that()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = dir.Path,
            ["EDGETWIN_Uplink__Enabled"] = "false",
        };
        var (missing, _, missingErr) = GatewayProcess.Run(
            ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z"], environment);
        Assert.Equal(1, missing);
        Assert.Contains("no store at", missingErr, StringComparison.Ordinal);

        var (badTime, _, badTimeErr) = GatewayProcess.Run(
            ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "yesterday", "--to", "2100-01-01T00:00:00Z"], environment);
        Assert.Equal(2, badTime);
        Assert.Contains("ISO 8601", badTimeErr, StringComparison.Ordinal);

        var (badChannel, _, badChannelErr) = GatewayProcess.Run(
            ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z", "--channel", "axis9/nothing"], environment);
        Assert.Equal(2, badChannel);
        Assert.Contains("'axis9/nothing' is not a twin path", badChannelErr, StringComparison.Ordinal);
    }
}
