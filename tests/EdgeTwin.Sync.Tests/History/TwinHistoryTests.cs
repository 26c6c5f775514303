using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.History;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Tests.Store;

namespace EdgeTwin.Sync.Tests.History;

/// <summary>State at a past time from the in-memory rings and the store, against signals with known answers.</summary>
public sealed class TwinHistoryTests
{
    private const long Ms = 1_000_000;
    private const int Sine = 0;
    private const int Ramp = 1;
    private const int Switch = 2;

    // 50 Hz sine at 1 kHz (max age 5 ms), 10 Hz ramp of 2 units/s (max age 250 ms), a discrete switch.
    private static readonly HistoryChannel[] Channels =
    [
        new(Interpolation.Linear, 1000, 5 * Ms),
        new(Interpolation.Linear, 10, 250 * Ms),
        new(Interpolation.Hold, 1, long.MaxValue),
    ];

    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100 / 1_000_000_000 * 1_000_000_000;

    private static double SineAt(long t) => Math.Sin(2 * Math.PI * 50 * (t - T0) / 1e9);

    private static double RampAt(long t) => 2.0 * (t - T0) / 1e9;

    private static IEnumerable<Sample> Signals(double seconds, Random? jitter = null, Func<int, bool>? drop = null)
    {
        for (var i = 0; i < seconds * 1000; i++)
        {
            var t = T0 + (i * Ms) + (jitter is null ? 0 : jitter.Next(-300_000, 300_000));
            if (drop?.Invoke(i) != true)
            {
                yield return new Sample(Sine, t, SineAt(t), Quality.Good);
            }

            if (i % 100 == 0)
            {
                yield return new Sample(Ramp, T0 + (i * Ms), RampAt(T0 + (i * Ms)), Quality.Good);
            }

            if (i % 700 == 0)
            {
                yield return new Sample(Switch, T0 + (i * Ms), i / 700 % 2, Quality.Good);
            }
        }
    }

    private static TwinHistory Recent(IEnumerable<Sample> samples, TimeSpan? retention = null)
    {
        var recent = new RecentHistory(Channels, retention ?? TimeSpan.FromSeconds(10));
        foreach (var s in samples)
        {
            recent.Publish([s]);
        }

        return new TwinHistory(Channels, recent);
    }

    [Fact]
    public void Sine_and_ramp_off_the_sample_grid_are_interpolated_within_the_error_bound()
    {
        var history = Recent(Signals(2));
        // Linear interpolation of A·sin(ωt) errs by at most A·ω²·h²/8 with h = 1 ms; a ramp is exact.
        var bound = Math.Pow(2 * Math.PI * 50, 2) * 1e-6 / 8;
        var random = new Random(6);
        for (var k = 0; k < 500; k++)
        {
            var t = T0 + 100 * Ms + random.NextInt64(1_800 * Ms);
            var sine = history.StateAt(Sine, t);
            var ramp = history.StateAt(Ramp, t);
            Assert.Equal(Quality.Good, sine.Quality);
            Assert.Equal(Quality.Good, ramp.Quality);
            Assert.True(Math.Abs(sine.Value - SineAt(t)) <= bound + 1e-12, $"sine at +{(t - T0) / 1e6} ms: {sine.Value} vs {SineAt(t)}");
            Assert.Equal(RampAt(t), ramp.Value, 1e-9);
            Assert.Equal(t, ramp.TimestampNs);
        }
    }

    [Fact]
    public void Jittered_timestamps_are_interpolated_on_their_real_times()
    {
        var history = Recent(Signals(1, jitter: new Random(3)));
        // Intervals are now 0.4–1.6 ms: the bound grows with the square of the widest one.
        var bound = Math.Pow(2 * Math.PI * 50, 2) * Math.Pow(1.6e-3, 2) / 8;
        for (var t = T0 + (10 * Ms); t < T0 + (990 * Ms); t += 3_333_333)
        {
            Assert.True(Math.Abs(history.StateAt(Sine, t).Value - SineAt(t)) <= bound, $"at +{(t - T0) / 1e6} ms");
        }
    }

    [Fact]
    public void Across_dropped_samples_the_last_value_is_held_marked_and_then_stale()
    {
        // Samples 500–529 dropped: prev = 499 ms, next = 530 ms, a 31 ms gap against a 5 ms max age.
        var history = Recent(Signals(1, drop: i => i is >= 500 and < 530));
        var early = history.StateAt(Sine, T0 + (502 * Ms));
        Assert.Equal(SineAt(T0 + (499 * Ms)), early.Value, 1e-12);
        Assert.Equal(FrameQuality.SubNormal, early.Quality);
        Assert.Equal(T0 + (499 * Ms), early.TimestampNs);

        var late = history.StateAt(Sine, T0 + (520 * Ms));
        Assert.Equal(SineAt(T0 + (499 * Ms)), late.Value, 1e-12);
        Assert.Equal(Quality.Stale, late.Quality);

        Assert.Equal(Quality.Good, history.StateAt(Sine, T0 + (530 * Ms) + 500_000).Quality);
    }

    [Fact]
    public void A_discrete_channel_holds_and_edges_are_marked()
    {
        var history = Recent(Signals(2));
        Assert.Equal(0, history.StateAt(Switch, T0 + (699 * Ms)).Value);
        Assert.Equal(1, history.StateAt(Switch, T0 + (700 * Ms)).Value);
        Assert.Equal(1, history.StateAt(Switch, T0 + (1399 * Ms)).Value);
        Assert.Equal(T0 + (700 * Ms), history.StateAt(Switch, T0 + (1399 * Ms)).TimestampNs);

        var before = history.StateAt(Ramp, T0 - 1);
        Assert.True(double.IsNaN(before.Value));
        Assert.Equal(HistoryQuality.NoData, before.Quality);

        // Past the newest ramp sample (1.9 s) but inside its max age: held, marked, never extrapolated.
        var edge = history.StateAt(Ramp, T0 + (1950 * Ms));
        Assert.Equal(RampAt(T0 + (1900 * Ms)), edge.Value, 1e-12);
        Assert.Equal(FrameQuality.SubNormal, edge.Quality);
        Assert.Equal(Quality.Stale, history.StateAt(Ramp, T0 + (2200 * Ms)).Quality);
    }

    [Fact]
    public void A_bad_sample_quality_is_never_hidden()
    {
        var recent = new RecentHistory(Channels, TimeSpan.FromSeconds(1));
        recent.Publish([new Sample(Ramp, T0, 0, Quality.Good), new Sample(Ramp, T0 + (100 * Ms), 1, Quality.SensorFailure)]);
        var value = new TwinHistory(Channels, recent).StateAt(Ramp, T0 + (50 * Ms));
        Assert.Equal(Quality.SensorFailure, value.Quality);
    }

    [Fact]
    public void The_ring_is_bounded_and_forgets_the_oldest()
    {
        var history = Recent(Signals(3), TimeSpan.FromSeconds(1));
        // 1 s at 1 kHz with a quarter spare: the first second is gone, the last is there.
        Assert.Equal(HistoryQuality.NoData, history.StateAt(Sine, T0 + (500 * Ms)).Quality);
        Assert.Equal(Quality.Good, history.StateAt(Sine, T0 + (2500 * Ms) + 1).Quality);
    }

    [Fact]
    public async Task Older_than_the_rings_the_state_comes_from_the_store_with_the_same_rules()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 256), ["sine", "ramp", "switch"], new TestClock());
        var samples = Signals(5).ToList();
        StoreFixture.AppendAll(store, samples.ToArray());
        await store.FlushAsync();
        var rings = new RecentHistory(Channels, TimeSpan.FromSeconds(1));
        foreach (var s in samples)
        {
            rings.Publish([s]);
        }

        var withStore = new TwinHistory(Channels, rings, new StoreHistorySource(store));
        var ringsOnly = new TwinHistory(Channels, rings);
        var bound = Math.Pow(2 * Math.PI * 50, 2) * 1e-6 / 8;
        foreach (var t in new[] { T0 + (1234 * Ms) + 567_000, T0 + (2000 * Ms) + 1, T0 + (4800 * Ms) + 250_000 })
        {
            var sine = withStore.StateAt(Sine, t);
            Assert.Equal(Quality.Good, sine.Quality);
            Assert.True(Math.Abs(sine.Value - SineAt(t)) <= bound + 1e-12);
            Assert.Equal(RampAt(t), withStore.StateAt(Ramp, t).Value, 1e-9);
            Assert.Equal((t - T0) / Ms / 700 % 2, withStore.StateAt(Switch, t).Value);
        }

        Assert.Equal(HistoryQuality.NoData, ringsOnly.StateAt(Sine, T0 + (1234 * Ms)).Quality);

        var states = new Sync.Twin.TwinValue[3];
        withStore.StateAt(T0 + (1500 * Ms), states);
        Assert.Equal(RampAt(T0 + (1500 * Ms)), states[Ramp].Value, 1e-9);
        Assert.Equal(Quality.Stale, withStore.StateAt(Sine, T0 + (6000 * Ms)).Quality);
    }
}
