using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Tests.Time;

public sealed class SystemClockTests
{
    [Fact]
    public void Monotonic_and_utc_readings_never_go_backwards_across_threads()
    {
        var clock = new SystemClock();
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            long lastMono = 0, lastUtc = 0;
            for (var i = 0; i < 200_000; i++)
            {
                var mono = clock.MonotonicNowNs;
                var utc = clock.ToUtcNs(mono);
                if (mono < lastMono || utc < lastUtc)
                {
                    Interlocked.Increment(ref failures);
                }

                lastMono = mono;
                lastUtc = utc;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Utc_time_agrees_with_the_wall_clock_at_start()
    {
        var clock = new SystemClock();
        var wall = UtcNanoseconds.FromDateTime(DateTime.UtcNow);
        Assert.InRange(Math.Abs(clock.UtcNowNs - wall), 0, 50_000_000);
    }

    [Fact]
    public void Sleep_until_an_absolute_deadline_returns_at_or_after_it()
    {
        var clock = new SystemClock();
        var deadline = clock.MonotonicNowNs + 5_000_000;
        clock.SleepUntil(deadline);
        Assert.True(clock.MonotonicNowNs >= deadline);
    }

    [Fact]
    public void Resynchronizing_without_a_step_keeps_utc_increasing_and_counts_no_step()
    {
        var clock = new SystemClock();
        var before = clock.UtcNowNs;
        clock.Resynchronize();
        Assert.Equal(0, clock.StepCount);
        Assert.True(clock.UtcNowNs >= before);
    }
}
