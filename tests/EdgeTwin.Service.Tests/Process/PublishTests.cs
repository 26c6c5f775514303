using System.Diagnostics;

namespace EdgeTwin.Service.Tests.Process;

/// <summary>publish.sh produces a folder that starts and answers, ready to copy onto a Pi.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task The_portable_publish_starts_answers_version_and_carries_unit_config_and_arm_natives()
    {
        using var dir = new TempDirectory();
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "publish.sh"), "--out", dir.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var publish = System.Diagnostics.Process.Start(psi)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var stderr = publish.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = await publish.StandardOutput.ReadToEndAsync(timeout.Token);
            await publish.WaitForExitAsync(timeout.Token);
            Assert.True(publish.ExitCode == 0, $"publish.sh failed:\n{stdout}\n{await stderr}");
        }

        var folder = Assert.Single(Directory.GetDirectories(dir.Path, "edgetwin-*-portable"));
        Assert.True(File.Exists(folder + ".tar.gz"));
        Assert.True(File.Exists(Path.Combine(folder, "systemd", "edgetwin.service")));
        Assert.True(File.Exists(Path.Combine(folder, "config", "edgetwin.json")));
        Assert.True(File.Exists(Path.Combine(folder, "install.sh")));
        Assert.True(File.Exists(Path.Combine(folder, "runtimes", "linux-arm64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(folder, "runtimes", "linux-arm", "native", "libe_sqlite3.so")));
        Assert.False(Directory.Exists(Path.Combine(folder, "runtimes", "win-x64")));

        var launcher = Path.Combine(folder, "edgetwin");
        var (code, version, _) = GatewayProcess.Run(["--version"], executable: launcher);
        Assert.Equal(0, code);
        Assert.StartsWith(GatewayProcess.Run(["--version"]).Stdout.Trim(), version.Trim(), StringComparison.Ordinal);

        var (check, output, error) = GatewayProcess.Run(["check-config", "--config", Path.Combine(folder, "config", "edgetwin.json")], executable: launcher);
        Assert.True(check == 0, output + error);
    }

    /// <summary>
    /// The trimmed self-contained build is the one that meets the edge budget; trimming can silently remove
    /// code reached only by reflection, so this runs it for real: sampling, store, status log, clean stop.
    /// </summary>
    [Fact]
    public async Task The_self_contained_trimmed_publish_runs_the_simulated_plant_and_stops_cleanly()
    {
        using var dir = new TempDirectory();
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        await PublishAsync(["--rid", rid, "--out", dir.Path]);

        var folder = Assert.Single(Directory.GetDirectories(dir.Path, $"edgetwin-*-{rid}"));
        var executable = Path.Combine(folder, "edgetwin");
        Assert.False(File.Exists(Path.Combine(folder, "edgetwin.dll.config")));
        Assert.True(File.Exists(Path.Combine(folder, "libcoreclr.so")), "the runtime ships inside a self-contained publish");

        using var state = new TempDirectory();
        using var gateway = GatewayProcess.Start(
            ["run", "--config", Path.Combine(folder, "config", "edgetwin.json")],
            new Dictionary<string, string>
            {
                ["EDGETWIN_Gateway__StateDirectory"] = state.Path,
                ["EDGETWIN_Gateway__StatusLogSeconds"] = "1",
                ["EDGETWIN_Uplink__Enabled"] = "false",
            },
            executable);
        Assert.True(gateway.WaitForOutput(" reads, jitter ", TimeSpan.FromSeconds(60)), gateway.Stdout + gateway.Stderr);
        gateway.Terminate();
        Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(gateway.ExitCode == 0, gateway.Stdout + gateway.Stderr);
        Assert.Matches(@"Store closed: [1-9]\d* samples committed, 0 dropped", gateway.Stdout + gateway.Stderr);
        Assert.DoesNotContain("fail:", gateway.Stdout + gateway.Stderr, StringComparison.Ordinal);
    }

    private static async Task PublishAsync(string[] arguments)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "publish.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = System.Diagnostics.Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var stderr = publish.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = await publish.StandardOutput.ReadToEndAsync(timeout.Token);
        await publish.WaitForExitAsync(timeout.Token);
        Assert.True(publish.ExitCode == 0, $"publish.sh failed:\n{stdout}\n{await stderr}");
    }
}
