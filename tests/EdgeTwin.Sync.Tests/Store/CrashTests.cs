using System.Diagnostics;
using System.Globalization;
using EdgeTwin.Sync.Store;
using Xunit.Abstractions;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>
/// SIGKILL at random moments: a child process ingests 1 kHz with a 100 ms flush interval and prints the committed
/// high-water mark after each commit. Whatever it reported must be in the database after reopening, and the data
/// lost must span no more than a flush interval plus the commit in flight.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int FlushMs = 100;
    private const int RateHz = 1000;

    // One flush interval is the design bound; the rest absorbs an fsync and scheduling on a loaded 2-core machine.
    private const long LossToleranceNs = 150_000_000;

    [Fact]
    public async Task Every_reported_commit_survives_SIGKILL_and_the_loss_is_bounded_by_the_flush_interval()
    {
        var host = CrashHostPath();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        for (var run = 0; run < 10; run++)
        {
            using var dir = new TempDirectory();
            var (reported, killNs) = await RunAndKill(host, dir.Path, TimeSpan.FromMilliseconds(random.Next(150, 1500)));

            using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path }, ["crash/host/value"], new TestClock());
            var samples = StoreFixture.ReadAll(store, 0);
            Assert.NotEmpty(samples);
            for (var i = 0; i < samples.Count; i++)
            {
                Assert.Equal(i + 1, samples[i].Sequence);
                Assert.Equal(i, samples[i].Value);
            }

            Assert.True(samples.Count >= reported, $"run {run}: {reported} reported committed, {samples.Count} found");
            var lossNs = killNs - samples[^1].TimestampNs;
            output.WriteLine($"run {run}: reported {reported}, stored {samples.Count}, lost the last {lossNs / 1e6:F1} ms");
            Assert.InRange(lossNs, long.MinValue, (FlushMs * 1_000_000L) + LossToleranceNs);
        }
    }

    private static async Task<(long Reported, long KillNs)> RunAndKill(string host, string directory, TimeSpan runFor)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["exec", host, directory, FlushMs.ToString(CultureInfo.InvariantCulture), RateHz.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the crash host");
        try
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            long reported = 0;
            var reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line == "READY")
                    {
                        ready.TrySetResult();
                    }
                    else if (line.StartsWith("C ", StringComparison.Ordinal))
                    {
                        Volatile.Write(ref reported, long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
                    }
                }
            });

            var started = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            if (started != ready.Task)
            {
                process.Kill();
                Assert.Fail("crash host did not start: " + await process.StandardError.ReadToEndAsync());
            }

            await Task.Delay(runFor);
            var killNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            process.Kill(); // SIGKILL
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await reader.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(Volatile.Read(ref reported) > 0, "the host never reported a commit");
            return (Volatile.Read(ref reported), killNs);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static string DotnetPath()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static string CrashHostPath()
    {
        // Built next to this project by its ProjectReference: tests/EdgeTwin.Store.CrashHost/bin/<config>/<tfm>/.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EdgeTwin.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, "cannot find the repository root (EdgeTwin.sln) above " + AppContext.BaseDirectory);
        var path = Path.Combine(root.FullName, "tests", "EdgeTwin.Store.CrashHost", "bin", configuration, tfm, "EdgeTwin.Store.CrashHost.dll");
        Assert.True(File.Exists(path), $"crash host missing at {path}; build tests/EdgeTwin.Sync.Tests (it builds the host)");
        return path;
    }
}
