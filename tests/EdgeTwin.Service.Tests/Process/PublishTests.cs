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
}
