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
        Assert.Equal(13, paths.Count);
        foreach (var path in paths)
        {
            var channel = rows.Where(r => r.Channel == path).ToList();
            Assert.True(channel.Count > 0, $"no stored samples of {path}");
            Assert.Equal(Enumerable.Range(1, channel.Count).Select(i => (long)i), channel.Select(r => r.Sequence));
            Assert.True(channel.Zip(channel.Skip(1)).All(p => p.First.TimeNs <= p.Second.TimeNs), $"{path}: time goes backwards");
        }

        // Three seconds of a 1 kHz IMU: far more than a handful, far less than an impossible count.
        var imu = rows.Count(r => r.Channel == "axis1/motor/vibration/x");
        Assert.InRange(imu, 1500, 10_000);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.TimeNs <= p.Second.TimeNs), "export is not merged in time order");
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
