using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Mpu6050FifoTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");
    private readonly long[] _stamps = new long[Mpu6050Fifo.MaxFramesPerDrain];
    private readonly double[] _values = new double[Mpu6050Fifo.MaxFramesPerDrain * 7];
    private readonly Quality[] _qualities = new Quality[Mpu6050Fifo.MaxFramesPerDrain * 7];

    private (Mpu6050Fifo Fifo, Mpu6050Simulator Chip) Setup(int rateHz = 1000, int accelRange = 4)
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new Mpu6050Simulator(plant, _clock, seed: 5);
        _bus.Attach(0x68, chip);
        var fifo = new Mpu6050Fifo(_bus.Open(0x68), _clock, new Mpu6050Options { AccelRangeG = accelRange }, rateHz);
        fifo.Initialize();
        return (fifo, chip);
    }

    private int Drain(Mpu6050Fifo fifo) => fifo.Drain(_stamps, _values, _qualities);

    [Fact]
    public void Polling_at_50_hz_returns_20_frames_of_a_1_khz_stream_with_1_ms_timestamps()
    {
        var (fifo, _) = Setup();
        var previous = long.MinValue;
        for (var poll = 0; poll < 50; poll++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
            var n = Drain(fifo);
            Assert.Equal(20, n);
            for (var i = 0; i < n; i++)
            {
                if (previous != long.MinValue)
                {
                    Assert.Equal(1_000_000, _stamps[i] - previous);
                }

                previous = _stamps[i];
                Assert.Equal(9.80665, _values[i * 7 + 2], 0.3);
                Assert.Equal(22, _values[i * 7 + 6], 0.05); // idle losses warm the housing slowly
                Assert.True(_qualities[i * 7].IsGood);
            }

            Assert.InRange(_stamps[n - 1], _clock.MonotonicNowNs - 1_000_000, _clock.MonotonicNowNs);
        }

        Assert.Equal(1000, fifo.FramesRead);
        Assert.Equal(0, fifo.Overflows);
    }

    [Theory]
    [InlineData(500, 2_000_000)]
    [InlineData(200, 5_000_000)]
    [InlineData(50, 20_000_000)]
    public void Sample_rate_divider_sets_frame_spacing(int rate, long periodNs)
    {
        var (fifo, chip) = Setup(rate);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(100_000_000 / periodNs * 14, chip.FifoCount);
        var n = Drain(fifo);
        Assert.Equal(100_000_000 / periodNs, n);
        Assert.Equal(periodNs, _stamps[1] - _stamps[0]);
        Assert.Equal(0, chip.FifoCount);
    }

    [Fact]
    public void Fifo_count_register_counts_bytes_and_reset_empties_and_self_clears()
    {
        var (_, chip) = Setup();
        var device = _bus.Open(0x68);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        var count = new byte[2];
        device.WriteRead([0x72], count);
        Assert.Equal(140, count[0] << 8 | count[1]);

        device.Write([0x6A, 0x44]);
        var userCtrl = new byte[1];
        device.WriteRead([0x6A], userCtrl);
        Assert.Equal(0x40, userCtrl[0]);
        Assert.Equal(0, chip.FifoCount);
    }

    [Fact]
    public void Reading_an_empty_fifo_repeats_the_last_byte()
    {
        Setup();
        var device = _bus.Open(0x68);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var frame = new byte[14];
        device.WriteRead([0x74], frame);
        var extra = new byte[3];
        device.WriteRead([0x74], extra);
        Assert.All(extra, b => Assert.Equal(frame[13], b));
    }

    [Fact]
    public void Overflow_is_flagged_counted_and_recovered_by_a_reset()
    {
        var (fifo, chip) = Setup();
        _clock.Advance(TimeSpan.FromMilliseconds(100)); // 1400 bytes > 1024: the oldest are overwritten
        Assert.Equal(1024, chip.FifoCount);
        Assert.Equal(0, Drain(fifo));
        Assert.Equal(1, fifo.Overflows);
        Assert.Equal(0, chip.FifoCount);

        var status = new byte[1];
        _bus.Open(0x68).WriteRead([0x3A], status);
        Assert.Equal(0, status[0] & 0x10); // cleared by the driver's read

        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(20, Drain(fifo));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(9.80665, _values[i * 7 + 2], 0.3); // frames are aligned again
        }

        Assert.Equal(1, fifo.Overflows);
    }

    [Fact]
    public void Overflow_flag_is_raised_in_int_status_when_enabled()
    {
        Setup();
        _clock.Advance(TimeSpan.FromMilliseconds(80));
        var status = new byte[1];
        _bus.Open(0x68).WriteRead([0x3A], status);
        Assert.Equal(0x10, status[0] & 0x10);
        _bus.Open(0x68).WriteRead([0x3A], status);
        Assert.Equal(0, status[0]);
    }

    [Fact]
    public void Small_output_spans_leave_the_rest_for_the_next_drain()
    {
        var (fifo, chip) = Setup();
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        var stamps = new long[8];
        Assert.Equal(8, fifo.Drain(stamps, new double[56], new Quality[56]));
        Assert.Equal(22 * 14, chip.FifoCount);
        Assert.Equal(22, Drain(fifo));
        Assert.Equal(1_000_000, _stamps[0] - stamps[7]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Timestamps_track_a_chip_clock_that_is_off_by_one_percent(double errorPercent)
    {
        var (fifo, chip) = Setup();
        chip.ClockErrorPercent = errorPercent;
        var previous = long.MinValue;
        var total = 0;
        for (var poll = 0; poll < 250; poll++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
            var n = Drain(fifo);
            total += n;
            for (var i = 0; i < n; i++)
            {
                Assert.True(_stamps[i] > previous, "timestamps must increase");
                previous = _stamps[i];
            }

            if (poll > 0)
            {
                // The newest frame was sampled at most one period before the read; its stamp may not be later.
                Assert.InRange(_clock.MonotonicNowNs - _stamps[n - 1], 0, 2_000_000);
            }
        }

        Assert.InRange(total, 5000 * (1 + errorPercent / 100) - 2, 5000 * (1 + errorPercent / 100) + 2);
        Assert.Equal(0, fifo.Overflows);
    }

    [Fact]
    public void Saturated_frames_are_uncertain()
    {
        var (fifo, chip) = Setup();
        chip.StuckAccelRaw = short.MinValue;
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(5, Drain(fifo));
        Assert.Equal(Quality.SensorNotAccurate, _qualities[0]);
        Assert.Equal(-4 * 9.80665, _values[0], 1e-9);
        Assert.True(_qualities[3].IsGood);
    }

    [Theory]
    [InlineData(BusFault.Nack)]
    [InlineData(BusFault.Timeout)]
    public void Bus_faults_surface_and_the_stream_continues_after_they_clear(BusFault fault)
    {
        var (fifo, _) = Setup();
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        _bus.InjectFault(0x68, fault);
        Assert.Equal(fault, Assert.Throws<BusException>(() => Drain(fifo)).Fault);
        _bus.ClearFault(0x68);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(20, Drain(fifo));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(300)]
    [InlineData(2000)]
    public void Rates_the_divider_cannot_make_are_refused(int rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mpu6050Fifo(_bus.Open(0x68), _clock, new Mpu6050Options(), rate));

    [Fact]
    public void Draining_allocates_nothing()
    {
        var (fifo, _) = Setup();
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Drain(fifo);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20));
            Drain(fifo);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
