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

    [Fact]
    public void A_forward_step_of_the_wall_clock_is_adopted_at_once_and_counted()
    {
        var time = new ManualTime(wallOffsetNs: 1_700_000_000_000_000_000);
        var clock = new SystemClock(time.Monotonic, time.Wall);
        time.Advance(1_000_000_000);
        time.WallOffsetNs += 5_000_000_000;
        clock.Resynchronize();
        Assert.Equal(1, clock.StepCount);
        Assert.Equal(time.Wall(), clock.UtcNowNs);
        Assert.Equal(0, clock.WallClockOffsetNs);
    }

    [Fact]
    public void A_backward_step_is_slewed_at_500_ppm_counted_once_and_absorbed()
    {
        var time = new ManualTime(wallOffsetNs: 1_700_000_000_000_000_000);
        var clock = new SystemClock(time.Monotonic, time.Wall);
        time.Advance(1_000_000_000);
        time.WallOffsetNs -= 10_000_000;
        clock.Resynchronize();
        Assert.Equal(10_000_000, clock.PendingSlewNs);

        // 10 ms at 500 µs per second takes 20 s; the host resynchronizes every second meanwhile.
        var last = clock.UtcNowNs;
        for (var second = 0; second < 21; second++)
        {
            time.Advance(1_000_000_000);
            var now = clock.UtcNowNs;
            Assert.InRange(now - last, 999_500_000, 1_000_000_000);
            last = now;
            clock.Resynchronize();
        }

        Assert.Equal(1, clock.StepCount);
        Assert.Equal(0, clock.PendingSlewNs);
        Assert.InRange(Math.Abs(time.Wall() - clock.UtcNowNs), 0, 1_000);
    }

    [Fact]
    public void Samples_microseconds_apart_across_resynchronizations_never_go_backwards_in_utc()
    {
        // The failure this guards against: a per-resync slew chunk (0.5 ms after a 1 s interval) moved a
        // sample read 10 µs after a resync before the one read just ahead of it.
        var random = new Random(7);
        for (var run = 0; run < 50; run++)
        {
            var time = new ManualTime(wallOffsetNs: 1_700_000_000_000_000_000);
            var clock = new SystemClock(time.Monotonic, time.Wall);
            var lastUtc = long.MinValue;
            for (var i = 0; i < 20_000; i++)
            {
                time.Advance(random.Next(1, 20_000));
                if (random.Next(500) == 0)
                {
                    time.WallOffsetNs += random.Next(-50_000_000, 50_000_000);
                    clock.Resynchronize();
                }

                var utc = clock.ToUtcNs(time.Monotonic());
                Assert.True(utc >= lastUtc, $"run {run}, sample {i}: {utc} < {lastUtc}");
                lastUtc = utc;
            }
        }
    }

    /// <summary>A monotonic clock moved by hand and a wall clock at a settable offset from it.</summary>
    private sealed class ManualTime(long wallOffsetNs)
    {
        private long _monotonicNs = 1_000_000_000;

        public long WallOffsetNs { get; set; } = wallOffsetNs;

        public long Monotonic() => _monotonicNs;

        public long Wall() => _monotonicNs + WallOffsetNs;

        public void Advance(long ns) => _monotonicNs += ns;
    }
}
