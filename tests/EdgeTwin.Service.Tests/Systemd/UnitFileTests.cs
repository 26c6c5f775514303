using System.Diagnostics;

namespace EdgeTwin.Service.Tests.Systemd;

/// <summary>
/// Runs <c>systemd-analyze verify</c> on the shipped unit inside a scratch root that holds the unit, systemd's
/// own units and an executable at the unit's ExecStart path — what a deployed Pi has.
/// </summary>
public sealed class UnitFileTests
{
    private static readonly string UnitPath = Path.Combine(RepositoryPaths.Root, "systemd", "edgetwin.service");

    [Fact]
    public void Systemd_analyze_verify_accepts_the_unit()
    {
        var (code, output) = Verify(File.ReadAllText(UnitPath));
        Assert.True(code == 0, $"systemd-analyze verify failed ({code}):\n{output}");
    }

    [Fact]
    public void The_same_check_rejects_a_broken_unit()
    {
        var broken = File.ReadAllText(UnitPath).Replace("Type=notify", "Type=notifyy", StringComparison.Ordinal)
            .Replace("ExecStart=", "ExecStart=relative/path ", StringComparison.Ordinal);
        var (code, output) = Verify(broken);
        Assert.NotEqual(0, code);
        Assert.Contains("Failed to parse service type", output, StringComparison.Ordinal);
        Assert.Contains("Neither a valid executable name nor an absolute path", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unit_is_a_notify_service_with_a_watchdog_its_own_user_and_the_documented_directories()
    {
        var unit = File.ReadAllLines(UnitPath);
        Assert.Contains("Type=notify", unit);
        Assert.Contains(unit, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("User=edgetwin", unit);
        Assert.Contains("StateDirectory=edgetwin", unit);
        Assert.Contains("ConfigurationDirectory=edgetwin", unit);
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/opt/edgetwin/edgetwin run --config /etc/edgetwin/edgetwin.json", StringComparison.Ordinal));
    }

    private static (int Code, string Output) Verify(string unitText)
    {
        using var root = new TempDirectory();
        var units = Path.Combine(root.Path, "etc", "systemd", "system");
        Directory.CreateDirectory(units);
        File.WriteAllText(Path.Combine(units, "edgetwin.service"), unitText);

        var exec = Path.Combine(root.Path, "opt", "edgetwin", "edgetwin");
        Directory.CreateDirectory(Path.GetDirectoryName(exec)!);
        File.WriteAllText(exec, "#!/bin/sh\n");
        File.SetUnixFileMode(exec, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Directory.CreateDirectory(Path.Combine(root.Path, "bin"));
        File.Copy("/bin/kill", Path.Combine(root.Path, "bin", "kill"));
        CopyDirectory("/lib/systemd/system", Path.Combine(root.Path, "usr", "lib", "systemd", "system"));

        var psi = new ProcessStartInfo("systemd-analyze", ["verify", $"--root={root.Path}", "edgetwin.service"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("systemd-analyze did not start (apt-get install systemd)");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "systemd-analyze did not finish in 60 s");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(Path.Combine(to, info.Name), link);
            }
            else
            {
                File.Copy(file, Path.Combine(to, info.Name));
            }
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is null)
            {
                CopyDirectory(dir, Path.Combine(to, info.Name));
            }
        }
    }
}
