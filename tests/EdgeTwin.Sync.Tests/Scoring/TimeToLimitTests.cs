using EdgeTwin.Sync.Scoring;

namespace EdgeTwin.Sync.Tests.Scoring;

public sealed class TimeToLimitTests
{
    private const long S = 1_000_000_000;

    [Fact]
    public void A_steady_rise_gives_the_minutes_left_to_the_limit()
    {
        // 0.5 °C/min from 40 °C toward 90 °C, sampled at 10 Hz for 5 minutes: 100 − 2.5/0.5 = 95 minutes left.
        var ttl = new TimeToLimit(90, TimeSpan.FromMinutes(5));
        for (var i = 0; i <= 3000; i++)
        {
            ttl.Add(i * S / 10, 40 + (0.5 * i / 600.0));
        }

        Assert.Equal(0.5, ttl.SlopePerMinute, 3);
        Assert.InRange(ttl.Minutes, 94, 96);
    }

    [Fact]
    public void Spikes_and_dropouts_do_not_swing_the_estimate()
    {
        var ttl = new TimeToLimit(90, TimeSpan.FromMinutes(5));
        var random = new Random(7);
        for (var i = 0; i <= 3000; i++)
        {
            var value = 40 + (0.5 * i / 600.0) + (random.NextDouble() * 0.1);
            if (i % 97 == 0)
            {
                value += 400; // a wire glitch reads 400 °C more
            }

            ttl.Add(i * S / 10, i % 50 < 5 ? double.NaN : value);
        }

        Assert.InRange(ttl.SlopePerMinute, 0.4, 0.6);
        Assert.InRange(ttl.Minutes, 85, 105);
    }

    [Fact]
    public void A_falling_or_flat_signal_has_no_time_to_limit_and_above_the_limit_it_is_zero()
    {
        var falling = new TimeToLimit(90, TimeSpan.FromMinutes(1));
        var above = new TimeToLimit(90, TimeSpan.FromMinutes(1));
        for (var i = 0; i <= 1200; i++)
        {
            falling.Add(i * S / 10, 60 - (i / 600.0));
            above.Add(i * S / 10, 95 - (i / 600.0));
        }

        Assert.True(double.IsNaN(falling.Minutes));
        Assert.True(falling.SlopePerMinute < 0);
        Assert.Equal(0, above.Minutes);
    }

    [Fact]
    public void Until_enough_history_there_is_no_estimate()
    {
        var ttl = new TimeToLimit(90, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++)
        {
            ttl.Add(i * S, 50 + i);
        }

        Assert.True(double.IsNaN(ttl.Minutes));
    }

    [Fact]
    public void Adding_values_does_not_allocate()
    {
        var ttl = new TimeToLimit(90, TimeSpan.FromSeconds(60));
        for (var i = 0; i < 2000; i++)
        {
            ttl.Add(i * S / 10, i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2000; i < 4000; i++)
        {
            ttl.Add(i * S / 10, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
