using System.Text.Json.Nodes;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Tests.Configuration;

namespace EdgeTwin.Service.Tests.Twin;

/// <summary>The <c>Derived</c> and <c>Twin</c> sections, and the channels they add to the twin's layout.</summary>
public sealed class TwinConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> BadConfigurations => new()
    {
        { "Derived.axis1-orientation.Gyroscope=\"axis1/motor/gyro\"", "Derived:axis1-orientation:Gyroscope: 'axis1/motor/gyro/x' is not the twin path of any device channel" },
        { "Derived.axis1-vibration.WindowMs=1", "Derived:axis1-vibration:WindowMs: must hold between 2 and 1048576 samples at the source's 1000 Hz, got 1" },
        { "Derived.axis1-vibration.Rms=\"axis1/velocity\"", "Derived:axis1-vibration:Rms: twin path 'axis1/velocity' is already used by Derived:axis1-kinematics:Velocity" },
        { "Derived.winding-trend.Source=\"axis1/temp\"", "Derived:winding-trend:Source: 'axis1/temp' is not the twin path of any device channel" },
        { "Derived.winding-trend.WindowSeconds=100000", "Derived:winding-trend:WindowSeconds: must be between 0.1 and 86400, got 100000" },
        { "Derived.x={\"Type\":\"kalman\"}", "Derived:x:Type: must be one of encoder, orientation, vibration, temperature-trend, got 'kalman'" },
        { "Twin.FrameRateHz=0", "Twin:FrameRateHz: must be between 0.1 and 1000, got 0" },
        { "Twin.HistorySecs=5", "Twin:HistorySecs: unknown key (did you mean 'HistorySeconds'?)" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void A_bad_derived_or_twin_entry_is_reported_with_its_key_path(string edit, string expected)
    {
        var errors = Errors(Edit(edit));
        Assert.True(errors.SequenceEqual([expected]), $"expected exactly\n  {expected}\ngot\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void Orientation_axes_from_two_devices_are_refused()
    {
        var path = Edit("Devices.winding.Channels.temperature.TwinPath=\"axis1/motor/rate/z\"", "Devices.imu.Channels.gyro_z=");
        Assert.Equal(["Derived:axis1-orientation:Gyroscope: accelerometer and gyroscope axes must come from one device, got imu and winding"],
            Errors(path).Where(e => e.Contains("orientation", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_shipped_configuration_has_every_derived_state_and_the_sync_and_clock_channels_in_a_fixed_order()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        Assert.Equal(100, config.Twin.FrameRateHz);
        Assert.Equal(TimeSpan.FromMilliseconds(150), config.Twin.LatencyBudget);
        Assert.Equal("axis1/acceleration", Assert.Single(config.Encoders).AccelerationPath);
        Assert.Equal(3, config.Derived.Count);

        var paths = TwinLayout.Paths(config).ToList();
        string[] derived =
        [
            "axis1/acceleration", "axis1/motor/orientation/w", "axis1/motor/orientation/x", "axis1/motor/orientation/y", "axis1/motor/orientation/z",
            "axis1/motor/tilt", "axis1/motor/vibration_rms", "axis1/motor/vibration_peak", "axis1/motor/vibration_crest", "axis1/motor/temperature_rate",
        ];
        var first = paths.IndexOf(derived[0]);
        Assert.True(first > paths.IndexOf("axis1/brake"), "derived channels are appended after the existing groups");
        Assert.Equal(derived, paths.Skip(first).Take(derived.Length));

        var sync = paths.Where(p => p.StartsWith("gateway/sync/", StringComparison.Ordinal)).ToList();
        Assert.Equal((9 * 3) + 2, sync.Count);
        Assert.Contains("gateway/sync/axis1/encoder/counts/latency_ms", sync);
        Assert.Contains("gateway/sync/axis1/motor/temperature/staleness_ms", sync);
        Assert.Equal(["gateway/clock/steps", "gateway/clock/slews", "gateway/clock/offset_ms"], paths.Where(p => p.StartsWith("gateway/clock/", StringComparison.Ordinal)));
        Assert.Equal(paths.Count, paths.Distinct().Count());
    }

    [Fact]
    public void The_gateway_aligns_every_channel_but_its_own_health_and_holds_discrete_ones()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        var gateway = GatewayBuilder.Build(config with { Simulation = config.Simulation }, new Drivers.Time.SystemClock(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var layout = TwinLayout.Channels(config);
        var aligned = gateway.Aligner.Channels;
        Assert.Equal(layout.Count(c => c.Kind != ChannelKind.Health), aligned.Count);
        Assert.Equal(100, 1e9 / gateway.Aligner.FramePeriodNs, 6);
        var counts = aligned.Single(a => layout[a.Channel].TwinPath == "axis1/encoder/counts");
        Assert.Equal(Sync.Alignment.Interpolation.Hold, counts.Interpolation);
        var tilt = aligned.Single(a => layout[a.Channel].TwinPath == "axis1/motor/tilt");
        Assert.Equal(Sync.Alignment.Interpolation.Linear, tilt.Interpolation);
        Assert.Equal(20, tilt.RateHz);
    }

    private static List<string> Errors(string path) => ConfigEdits.Errors(path);

    /// <summary>Applies edits <c>a.b.c=JSON</c> (empty value removes the key) to the shipped file.</summary>
    private string Edit(params string[] edits) => ConfigEdits.Write(_dir, edits);
}
