using System.Globalization;
using System.Text.RegularExpressions;
using EdgeTwin.Service.Tests.Process;

namespace EdgeTwin.Service.Tests.Twin;

/// <summary>
/// The running gateway on the simulated plant: its twin has the derived, sync and clock channels with sane
/// values, and <c>state --at</c> reads the recent past from the store beside it.
/// </summary>
public sealed partial class TwinProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_live_twin_has_sane_derived_sync_and_clock_channels_and_state_at_reads_the_past_beside_it()
    {
        using var state = new TempDirectory();
        var environment = new Dictionary<string, string> { ["EDGETWIN_Gateway__StateDirectory"] = state.Path };
        using var gateway = GatewayProcess.Start(
            ["run", "--config", RepositoryPaths.DefaultConfig],
            new Dictionary<string, string>(environment) { ["EDGETWIN_Gateway__StatusLogSeconds"] = "1" });
        Assert.True(gateway.WaitForOutput("Twin: ", Timeout), gateway.Stdout + gateway.Stderr);

        // Values settle within a few status lines: wait until the slowest (the 30 s temperature trend, its
        // sync channels, and the vibration window of 1 s) are all Good.
        Dictionary<string, (double Value, string Quality)> twin = [];
        var deadline = DateTime.UtcNow + Timeout;
        string[] required =
        [
            "axis1/acceleration", "axis1/motor/orientation/w", "axis1/motor/tilt", "axis1/motor/vibration_rms", "axis1/motor/vibration_peak",
            "axis1/motor/vibration_crest", "axis1/motor/temperature_rate", "gateway/sync/axis1/motor/vibration/x/latency_ms",
            "gateway/sync/axis1/motor/vibration/x/jitter_ms", "gateway/sync/axis1/motor/temperature/staleness_ms", "gateway/sync/frames/skew_ms",
            "gateway/clock/steps", "gateway/clock/offset_ms",
        ];
        while (DateTime.UtcNow < deadline)
        {
            twin = LastTwinLine(gateway.Stdout);
            if (required.All(p => twin.TryGetValue(p, out var v) && v.Quality.Length == 0))
            {
                break;
            }

            Thread.Sleep(500);
        }

        foreach (var path in required)
        {
            Assert.True(twin.TryGetValue(path, out var v) && v.Quality.Length == 0, $"{path} is not Good in the last status line:\n{gateway.Stdout}");
        }

        // The simulated IMU sits level: tilt near 0, quaternion near identity.
        Assert.InRange(twin["axis1/motor/tilt"].Value, 0, 5);
        Assert.InRange(twin["axis1/motor/orientation/w"].Value, 0.99, 1);
        // Radial vibration of a running motor: some RMS, a peak above it, a crest factor of a noisy sine.
        Assert.InRange(twin["axis1/motor/vibration_rms"].Value, 1e-4, 50);
        Assert.True(twin["axis1/motor/vibration_peak"].Value >= twin["axis1/motor/vibration_rms"].Value);
        Assert.InRange(twin["axis1/motor/vibration_crest"].Value, 1, 10);
        Assert.InRange(twin["axis1/motor/temperature_rate"].Value, -100, 100);
        Assert.True(double.IsFinite(twin["axis1/acceleration"].Value));
        Assert.InRange(twin["gateway/sync/axis1/motor/vibration/x/latency_ms"].Value, 0, 1000);
        Assert.InRange(twin["gateway/sync/axis1/motor/vibration/x/jitter_ms"].Value, 0, 100);
        Assert.InRange(twin["gateway/sync/axis1/motor/temperature/staleness_ms"].Value, 0, 1000);
        Assert.InRange(twin["gateway/sync/frames/skew_ms"].Value, 0, 1000);
        Assert.True(twin["gateway/clock/steps"].Value >= 0);

        // The gateway's own footprint, logged with each status: figures a process of this kind can have.
        var figures = ProcessLine().Matches(gateway.Stdout).LastOrDefault();
        Assert.True(figures is not null, $"no Process status line:\n{gateway.Stdout}");
        double Figure(string name) => double.Parse(figures.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.InRange(Figure("cpu"), 0.1, 200);
        Assert.InRange(Figure("rss"), 10, 2000);
        Assert.InRange(Figure("heap"), 0.1, Figure("rss"));
        Assert.InRange(Figure("allocated"), 0, 1e6);
        Assert.True(Figure("gen0") >= Figure("gen1") && Figure("gen1") >= Figure("gen2"), figures.Value);

        var (code, stdout, stderr) = GatewayProcess.Run(
            ["state", "--config", RepositoryPaths.DefaultConfig, "--at", "-2s", "--channel", "axis1/motor/tilt", "--channel", "axis1/motor/vibration_rms", "--channel", "axis1/brake"],
            environment);
        Assert.True(code == 0, $"state exited {code}: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("# state at ", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        var tilt = StateLine().Match(lines[1]);
        Assert.True(tilt.Success && tilt.Groups["path"].Value == "axis1/motor/tilt" && tilt.Groups["quality"].Length == 0, lines[1]);
        Assert.InRange(double.Parse(tilt.Groups["value"].Value, CultureInfo.InvariantCulture), 0, 5);
        Assert.StartsWith("axis1/motor/vibration_rms=", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("axis1/brake=", lines[3], StringComparison.Ordinal);

        var (badCode, _, badErr) = GatewayProcess.Run(["state", "--config", RepositoryPaths.DefaultConfig, "--at", "yesterday"]);
        Assert.Equal(2, badCode);
        Assert.Contains("--at must be", badErr, StringComparison.Ordinal);
    }

    private static Dictionary<string, (double Value, string Quality)> LastTwinLine(string stdout)
    {
        var line = stdout.Split('\n').LastOrDefault(l => l.Contains(" Twin axis1/", StringComparison.Ordinal));
        var values = new Dictionary<string, (double, string)>(StringComparer.Ordinal);
        if (line is null)
        {
            return values;
        }

        foreach (Match m in TwinEntry().Matches(line))
        {
            if (double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                values[m.Groups["path"].Value] = (v, m.Groups["quality"].Value);
            }
        }

        return values;
    }

    // StatusReporter: "path=value unit [quality]; …"
    [GeneratedRegex(@"(?<path>[A-Za-z0-9_/-]+)=(?<value>[-0-9.NaE∞]+) [^ ;\[]*(?: \[(?<quality>[^\]]*)\])?")]
    private static partial Regex TwinEntry();

    // StatusReporter / ProcessFigures: "Process cpu 8.1 % of a core, rss 57.3 MB, managed heap 6.2 MB, allocated 120 KB/s, GCs gen0/1/2 40/3/1"
    [GeneratedRegex(@"Process cpu (?<cpu>[0-9.]+) % of a core, rss (?<rss>[0-9.]+) MB, managed heap (?<heap>[0-9.]+) MB, allocated (?<allocated>[0-9]+) KB/s, GCs gen0/1/2 (?<gen0>[0-9]+)/(?<gen1>[0-9]+)/(?<gen2>[0-9]+)")]
    private static partial Regex ProcessLine();

    // StateCommand: "path=value unit [quality] @time"
    [GeneratedRegex(@"^(?<path>[A-Za-z0-9_/-]+)=(?<value>[-0-9.]+) [^ ]*(?: \[(?<quality>[^\]]*)\])?(?: @\S+)?$")]
    private static partial Regex StateLine();
}
