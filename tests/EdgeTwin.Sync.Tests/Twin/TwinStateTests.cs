using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Sync.Tests.Twin;

public sealed class TwinStateTests
{
    private static (TwinState Twin, FakeClock Clock) NewTwin(long staleNs = 50_000_000)
    {
        var map = new ChannelMap();
        map.Add("axis1/motor/temperature", "degC", "winding", "temperature");
        map.Add("axis1/velocity", "rpm", "kin", "velocity");
        var clock = new FakeClock();
        return (new TwinState(map, clock, _ => staleNs), clock);
    }

    [Fact]
    public void Before_any_sample_a_channel_is_waiting_for_initial_data()
    {
        var (twin, _) = NewTwin();
        Assert.True(twin.TryGet("axis1/motor/temperature", out var value));
        Assert.Equal(Quality.WaitingForInitialData, value.Quality);
    }

    [Fact]
    public void Latest_value_timestamp_and_quality_are_addressable_by_twin_path()
    {
        var (twin, clock) = NewTwin();
        twin.Update(new Sample(0, clock.UtcNowNs, 41.5, Quality.Good));
        twin.Update(new Sample(1, clock.UtcNowNs, 1500, Quality.OutOfRange));
        Assert.True(twin.TryGet("axis1/motor/temperature", out var t));
        Assert.Equal(new TwinValue(41.5, clock.UtcNowNs, Quality.Good), t);
        Assert.Equal(Quality.OutOfRange, twin.Get(1).Quality);
        Assert.False(twin.TryGet("axis1/nope", out _));
    }

    [Fact]
    public void An_older_sample_never_overwrites_a_newer_state()
    {
        var (twin, clock) = NewTwin();
        twin.Update(new Sample(0, clock.UtcNowNs, 2, Quality.Good));
        twin.Update(new Sample(0, clock.UtcNowNs - 1000, 1, Quality.Good));
        Assert.Equal(2, twin.Get(0).Value);
    }

    [Fact]
    public void A_value_older_than_its_stale_age_reads_as_last_usable_value()
    {
        var (twin, clock) = NewTwin(staleNs: 50_000_000);
        twin.Update(new Sample(0, clock.UtcNowNs, 20, Quality.Good));
        clock.Advance(49_000_000);
        Assert.Equal(Quality.Good, twin.Get(0).Quality);
        clock.Advance(2_000_000);
        var stale = twin.Get(0);
        Assert.Equal(Quality.Stale, stale.Quality);
        Assert.Equal(20, stale.Value);
    }

    [Fact]
    public void Readers_never_see_a_torn_value_timestamp_pair_while_a_writer_updates()
    {
        var map = new ChannelMap();
        map.Add("x", "u", "d", "c");
        var twin = new TwinState(map, new FakeClock());
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            for (long i = 1; !stop.IsCancellationRequested; i++)
            {
                // The value always equals the timestamp: a reader mixing two writes would see them differ.
                twin.Update(new Sample(0, i, i, Quality.Good));
            }
        });
        writer.Start();

        var torn = 0;
        for (var i = 0; i < 2_000_000; i++)
        {
            var v = twin.Get(0);
            if (v.TimestampNs != 0 && v.Value != v.TimestampNs)
            {
                torn++;
            }
        }

        stop.Cancel();
        writer.Join();
        Assert.Equal(0, torn);
    }
}
