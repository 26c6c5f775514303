using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Acquisition;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Tests.Acquisition;

public sealed class BusSamplerTests
{
    private static SampledDevice Device(ScriptedDevice driver, double rateHz, int firstChannel = 0, ValueRange? range = null, Calibration? calibration = null)
    {
        var n = driver.Channels.Count;
        return new SampledDevice("dev", driver, rateHz,
            Enumerable.Range(firstChannel, n).ToArray(),
            Enumerable.Repeat(UnitConversion.Identity, n).ToArray(),
            Enumerable.Repeat(range ?? ValueRange.Unbounded, n).ToArray(),
            calibration);
    }

    [Fact]
    public void Ten_thousand_periods_accumulate_no_drift_despite_wake_up_jitter()
    {
        var clock = new FakeClock(maxWakeLatencyNs: 300_000);
        var driver = new ScriptedDevice(clock);
        var device = Device(driver, 1000);
        using var sampler = new BusSampler("bus", clock, [device], new RecordingSink(), NullLogger.Instance);
        sampler.Prepare();
        var first = (clock.MonotonicNowNs / 1_000_000 + 1) * 1_000_000;

        for (var i = 0; i < 10_000; i++)
        {
            sampler.Step();
        }

        // Read k happens at its grid point plus at most one wake-up latency — never later, however many
        // periods went before: lateness does not accumulate.
        Assert.Equal(10_000, driver.ReadTimes.Count);
        for (var k = 0; k < driver.ReadTimes.Count; k++)
        {
            var lateness = driver.ReadTimes[k] - (first + k * 1_000_000L);
            Assert.InRange(lateness, 0, 300_000);
        }

        Assert.Equal(0, device.Statistics.MissedPeriods);
        Assert.Equal(10_000, device.Statistics.Reads);
        Assert.InRange(device.Statistics.JitterMaxNs, 1, 300_000);
    }

    [Fact]
    public void A_stall_longer_than_a_period_skips_and_counts_the_missed_grid_points_and_keeps_the_grid()
    {
        var clock = new FakeClock();
        var driver = new ScriptedDevice(clock);
        var device = Device(driver, 1000);
        using var sampler = new BusSampler("bus", clock, [device], new RecordingSink(), NullLogger.Instance);
        sampler.Prepare();
        var first = (clock.MonotonicNowNs / 1_000_000 + 1) * 1_000_000;

        for (var i = 0; i < 10; i++)
        {
            sampler.Step();
        }

        clock.Stall(3_500_000); // wakes 3.5 periods late
        sampler.Step();
        sampler.Step();

        Assert.Equal(3, device.Statistics.MissedPeriods);
        Assert.Equal(first + 10 * 1_000_000L + 3_500_000, driver.ReadTimes[10]);
        Assert.Equal(first + 14 * 1_000_000L, driver.ReadTimes[11]);
    }

    [Fact]
    public void Devices_at_different_rates_on_one_bus_are_each_read_at_their_own_rate()
    {
        var clock = new FakeClock();
        var fast = new ScriptedDevice(clock);
        var slow = new ScriptedDevice(clock);
        using var sampler = new BusSampler("bus", clock, [Device(fast, 1000), Device(slow, 10, firstChannel: 1)], new RecordingSink(), NullLogger.Instance);
        sampler.Prepare();
        var start = clock.MonotonicNowNs;
        while (clock.MonotonicNowNs - start < 1_000_000_000)
        {
            sampler.Step();
        }

        Assert.InRange(fast.ReadTimes.Count, 999, 1001);
        Assert.InRange(slow.ReadTimes.Count, 9, 11);
        Assert.All(slow.ReadTimes, t => Assert.Equal(0, t % 100_000_000));
    }

    [Fact]
    public void Samples_carry_channel_ids_utc_timestamps_and_calibrated_values()
    {
        var clock = new FakeClock();
        var driver = new ScriptedDevice(clock, channels: 2);
        var calibration = new Calibration([0, 1], [100, 0], new double[,] { { 2, 0 }, { 0, 1 } });
        var sink = new RecordingSink();
        using var sampler = new BusSampler("bus", clock, [Device(driver, 100, firstChannel: 5, calibration: calibration)], sink, NullLogger.Instance);
        sampler.Prepare();
        sampler.Step();

        var t = driver.ReadTimes[0];
        Assert.Equal(2, sink.Samples.Count);
        Assert.Equal(new Sample(5, t + FakeClock.UtcOffsetNs, 2 * (t - 100), Quality.Good), sink.Samples[0]);
        Assert.Equal(new Sample(6, t + FakeClock.UtcOffsetNs, t + 1, Quality.Good), sink.Samples[1]);
    }

    [Fact]
    public void Values_outside_the_configured_range_are_marked_uncertain()
    {
        var clock = new FakeClock();
        var sink = new RecordingSink();
        using var sampler = new BusSampler("bus", clock, [Device(new ScriptedDevice(clock), 100, range: new ValueRange(0, 10))], sink, NullLogger.Instance);
        sampler.Prepare();
        sampler.Step();
        Assert.Equal(Quality.OutOfRange, sink.Samples[0].Quality);
    }

    [Fact]
    public void A_bus_error_publishes_bad_quality_counts_the_error_and_recovers()
    {
        var clock = new FakeClock();
        var driver = new ScriptedDevice(clock) { FailRead = n => n is >= 2 and < 4 ? ScriptedDevice.Nack() : null };
        var device = Device(driver, 1000);
        var sink = new RecordingSink();
        using var sampler = new BusSampler("bus", clock, [device], sink, NullLogger.Instance);
        sampler.Prepare();
        for (var i = 0; i < 6; i++)
        {
            sampler.Step();
        }

        Assert.Equal(new[] { true, true, false, false, true, true }, sink.Samples.Select(s => s.Quality.IsGood));
        Assert.Equal(Quality.CommunicationError, sink.Samples[2].Quality);
        Assert.True(double.IsNaN(sink.Samples[2].Value));
        Assert.Equal(2, device.Statistics.Errors);
        Assert.Equal("test-bus 0x10: no acknowledge from target", device.Statistics.LastError);
    }

    [Fact]
    public void A_device_that_never_initializes_publishes_one_failure_per_attempt_not_one_per_period()
    {
        var clock = new FakeClock();
        var driver = new ScriptedDevice(clock, channels: 3) { FailInitialize = new EdgeTwin.Drivers.Devices.DeviceException("not there") };
        var sink = new RecordingSink();
        using var sampler = new BusSampler("bus", clock, [Device(driver, 1000)], sink, NullLogger.Instance);
        sampler.Prepare();
        var start = clock.MonotonicNowNs;
        while (clock.MonotonicNowNs < start + 5_500_000_000)
        {
            sampler.Step();
        }

        // Attempts at 0, 1, 2, 3, 4 and 5 s: each failed attempt is one Bad sample per channel, 5500 periods are not.
        Assert.Equal(6, driver.Initializations);
        Assert.Equal(6 * 3, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.Equal(Quality.DeviceFailure, s.Quality));
        Assert.Equal(6, sink.Samples.Select(s => s.TimestampNs).Distinct().Count());
    }

    [Fact]
    public void A_device_that_fails_to_initialize_is_retried_once_a_second_and_then_sampled()
    {
        var clock = new FakeClock();
        var driver = new ScriptedDevice(clock) { FailInitialize = new EdgeTwin.Drivers.Devices.DeviceException("not there") };
        var sink = new RecordingSink();
        using var sampler = new BusSampler("bus", clock, [Device(driver, 100)], sink, NullLogger.Instance);
        sampler.Prepare();
        for (var i = 0; i < 50; i++)
        {
            sampler.Step();
        }

        Assert.Equal(1, driver.Initializations);
        Assert.All(sink.Samples, s => Assert.Equal(Quality.DeviceFailure, s.Quality));

        driver.FailInitialize = null;
        for (var i = 0; i < 60; i++)
        {
            sampler.Step();
        }

        Assert.Equal(2, driver.Initializations);
        Assert.True(sink.Samples[^1].Quality.IsGood);
    }

    [Fact]
    public void The_real_thread_samples_on_time_and_stops_promptly()
    {
        var clock = new EdgeTwin.Drivers.Time.SystemClock();
        var driver = new ScriptedDevice(clock);
        var device = Device(driver, 500);
        var sampler = new BusSampler("bus", clock, [device], new RecordingSink(), NullLogger.Instance);
        var firstDeadline = (clock.MonotonicNowNs / 2_000_000 + 1) * 2_000_000;
        sampler.Start();
        Thread.Sleep(300);
        sampler.Stop();
        Assert.False(sampler.IsRunning);

        // Deadlines sit on multiples of the period and a read is never a whole period late, so each read's
        // grid index is floor(time / period). Reads + missed periods must account for every grid point from
        // the first deadline (placed at or after firstDeadline, at or before the first read) to the last read.
        const long period = 2_000_000;
        var count = device.Statistics.Reads + device.Statistics.MissedPeriods;
        var last = driver.ReadTimes[^1] / period;
        Assert.InRange(count, last - driver.ReadTimes[0] / period + 1, last - firstDeadline / period + 1);
    }
}
