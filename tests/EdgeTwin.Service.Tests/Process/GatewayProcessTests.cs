using System.Diagnostics;
using EdgeTwin.Service.Tests.Systemd;

namespace EdgeTwin.Service.Tests.Process;

/// <summary>The real service process: readiness over sd_notify, live twin values in its log, clean SIGTERM.</summary>
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Runs_the_simulated_plant_notifies_systemd_logs_live_twin_values_and_stops_cleanly_on_sigterm()
    {
        using var notify = new NotifyListener();
        using var gateway = GatewayProcess.Start(
            ["run", "--config", RepositoryPaths.DefaultConfig],
            new Dictionary<string, string>
            {
                ["NOTIFY_SOCKET"] = notify.SocketName,
                ["WATCHDOG_USEC"] = "1000000",
                ["EDGETWIN_Gateway__StatusLogSeconds"] = "1",
            });

        var ready = notify.WaitFor("READY=1", StartTimeout);
        Assert.True(ready is not null, $"no READY=1 within {StartTimeout}:\n{gateway.Stdout}\n{gateway.Stderr}");
        Assert.Contains($"MAINPID={gateway.Id}", ready, StringComparison.Ordinal);
        Assert.Contains("STATUS=running: 3 devices on 2 buses", ready, StringComparison.Ordinal);
        Assert.NotNull(notify.WaitFor("WATCHDOG=1", TimeSpan.FromSeconds(10)));

        Assert.True(gateway.WaitForOutput("axis1/velocity=", TimeSpan.FromSeconds(15)), gateway.Stdout);
        Assert.Contains("axis1/motor/temperature=", gateway.Stdout, StringComparison.Ordinal);

        var stop = Stopwatch.StartNew();
        gateway.Terminate();
        Assert.NotNull(notify.WaitFor("STOPPING=1", TimeSpan.FromSeconds(5)));
        Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(5) - stop.Elapsed), "the gateway did not exit within 5 s of SIGTERM");
        Assert.Equal(0, gateway.ExitCode);
        Assert.Contains("Acquisition stopped", gateway.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", gateway.Stdout + gateway.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_config_exits_2_with_one_line_per_problem_and_no_stack_trace()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.json");
        File.WriteAllText(path, File.ReadAllText(RepositoryPaths.DefaultConfig)
            .Replace("\"RateHz\": 1000,", "\"RateHz\": 0,", StringComparison.Ordinal)
            .Replace("\"Name\": \"demo-axis\",", "\"Nmae\": \"demo-axis\",", StringComparison.Ordinal));

        var (code, stdout, stderr) = GatewayProcess.Run(["check-config", "--config", path]);
        Assert.Equal(2, code);
        Assert.Equal(
            [
                "config error: Gateway:Name: is required",
                "config error: Gateway:Nmae: unknown key (did you mean 'Name'?)",
                "config error: Devices:encoder:RateHz: must be between 0.01 and 10000, got 0",
                "config error: Devices:imu:RateHz: must be between 0.01 and 1000, got 0",
            ],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(stdout);
    }

    [Fact]
    public void Environment_overrides_are_applied_and_their_typos_reported()
    {
        var (ok, okOut, _) = GatewayProcess.Run(["check-config", "--config", RepositoryPaths.DefaultConfig],
            new Dictionary<string, string> { ["EDGETWIN_Gateway__Name"] = "press-7" });
        Assert.Equal(0, ok);
        Assert.Contains("gateway 'press-7'", okOut, StringComparison.Ordinal);

        var (bad, _, badErr) = GatewayProcess.Run(["check-config", "--config", RepositoryPaths.DefaultConfig],
            new Dictionary<string, string> { ["EDGETWIN_Devices__imu__RateHzz"] = "500" });
        Assert.Equal(2, bad);
        Assert.Equal("config error: Devices:imu:RateHzz: unknown key (did you mean 'RateHz'?)", badErr.Trim());
    }

    [Fact]
    public void Run_with_an_invalid_configuration_exits_2_before_starting()
    {
        var (code, _, stderr) = GatewayProcess.Run(["run", "--config", "/nonexistent/edgetwin.json"]);
        Assert.Equal(2, code);
        Assert.Equal("config error: configuration file '/nonexistent/edgetwin.json' not found", stderr.Trim());
    }

    [Fact]
    public void Devices_lists_every_device_with_a_live_good_reading()
    {
        var (code, stdout, stderr) = GatewayProcess.Run(["devices", "--config", RepositoryPaths.DefaultConfig]);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("imu  mpu6050", stdout, StringComparison.Ordinal);
        Assert.Contains("winding  mcp9808", stdout, StringComparison.Ordinal);
        Assert.Contains("encoder  ls7366r", stdout, StringComparison.Ordinal);
        var readings = stdout.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, readings.Count);
        Assert.All(readings, l => Assert.EndsWith("good", l.TrimEnd(), StringComparison.Ordinal));
    }

    [Fact]
    public void Faults_can_be_injected_from_the_command_line_and_bad_ones_are_refused()
    {
        var (bad, _, badErr) = GatewayProcess.Run(["check-config", "--config", RepositoryPaths.DefaultConfig, "--fault", "bearing-wear=1.5"]);
        Assert.Equal(2, bad);
        Assert.Equal("config error: Simulation:Faults:BearingWear: must be between 0 and 1, got 1.5", badErr.Trim());

        var (unknown, _, unknownErr) = GatewayProcess.Run(["check-config", "--fault", "gearbox=1"]);
        Assert.Equal(2, unknown);
        Assert.Equal("error: --fault 'gearbox=1': unknown fault 'gearbox'; known faults: bearing-wear, overheating", unknownErr.Trim());

        var (ok, _, _) = GatewayProcess.Run(["check-config", "--config", RepositoryPaths.DefaultConfig, "--fault", "overheating=0.5@30"]);
        Assert.Equal(0, ok);
    }

    [Fact]
    public void Version_is_printed()
    {
        var (code, stdout, _) = GatewayProcess.Run(["--version"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }
}
