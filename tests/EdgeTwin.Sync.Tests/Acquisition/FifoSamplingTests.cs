using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Sync.Acquisition;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Tests.Acquisition;

/// <summary>
/// The MPU-6050 FIFO path through the sampler, built from the catalog exactly as configuration builds it, against
/// the register-level simulator: 1 kHz samples from 50 Hz polling, timestamps from the FIFO rate, overflows.
/// </summary>
public sealed class FifoSamplingTests
{
    private const long Second = 1_000_000_000;

    private sealed class Rig
    {
        public Rig(double pollHz = 50)
        {
            Plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, Clock.MonotonicNowNs);
            var bus = new SimulatedI2cBus("sim:i2c-1");
            Chip = new Mpu6050Simulator(Plant, Clock, seed: 7);
            bus.Attach(0x68, Chip);
            Bus = new CountingI2cDevice(bus.Open(0x68));
            Assert.True(DeviceCatalog.TryGet("mpu6050", out var type));
            var driver = type.Create(Bus, new Dictionary<string, double> { [DeviceCatalog.FifoPollOption] = pollHz }, 1000, Clock);
            Assert.IsType<Mpu6050Fifo>(driver);
            Device = new SampledDevice("imu", driver, 1000,
                Enumerable.Range(0, 7).ToArray(),
                Enumerable.Repeat(UnitConversion.Identity, 7).ToArray(),
                Enumerable.Repeat(ValueRange.Unbounded, 7).ToArray(),
                null)
            { PollRateHz = pollHz };
            Sampler = new BusSampler("i2c-1", Clock, [Device], Sink, NullLogger.Instance);
            Sampler.Prepare();
        }

        public FakeClock Clock { get; } = new(maxWakeLatencyNs: 2_000_000);

        public AxisPlant Plant { get; }

        public Mpu6050Simulator Chip { get; }

        public CountingI2cDevice Bus { get; }

        public SampledDevice Device { get; }

        public BusSampler Sampler { get; }

        public RecordingSink Sink { get; } = new();

        public void RunFor(long ns)
        {
            var end = Clock.MonotonicNowNs + ns;
            while (Clock.MonotonicNowNs < end)
            {
                Sampler.Step();
            }
        }

        public List<Sample> Channel(int id) => Sink.Samples.Where(s => s.Channel == id).ToList();
    }

    [Fact]
    public void One_kilohertz_samples_arrive_from_fifty_hertz_polling_evenly_spaced_at_the_fifo_rate()
    {
        var rig = new Rig();
        var transactionsAfterInit = rig.Bus.Transactions;
        var start = rig.Clock.MonotonicNowNs;
        rig.RunFor(2 * Second);
        var elapsedMs = (int)((rig.Clock.MonotonicNowNs - start) / 1_000_000);

        // 50 polls a second, three transactions each (INT_STATUS, FIFO_COUNT, one FIFO burst).
        Assert.InRange(rig.Device.Statistics.Reads, 99, 101);
        Assert.InRange(rig.Bus.Transactions - transactionsAfterInit, 3 * 99, 3 * 101);

        // Everything but the frames still waiting in the FIFO at the end (at most one poll period plus wake latency).
        var accelX = rig.Channel(0);
        Assert.InRange(accelX.Count, elapsedMs - 25, elapsedMs);
        Assert.Equal(accelX.Count, rig.Device.Statistics.Samples);
        Assert.All(accelX, s => Assert.True(s.Quality.IsGood, s.Quality.ToString()));
        for (var i = 1; i < accelX.Count; i++)
        {
            Assert.Equal(1_000_000, accelX[i].TimestampNs - accelX[i - 1].TimestampNs);
        }

        // Stamps are sample times, never later than the poll that read them.
        Assert.True(accelX[^1].TimestampNs <= rig.Clock.UtcNowNs);
        Assert.Equal(0, rig.Device.Statistics.Overflows);

        // Every frame carries all seven channels with the same timestamp; gravity is on Z.
        Assert.Equal(accelX.Select(s => s.TimestampNs), rig.Channel(6).Select(s => s.TimestampNs));
        Assert.InRange(rig.Channel(2).Average(s => s.Value), 9.0, 10.6);
    }

    [Fact]
    public void A_fast_chip_clock_keeps_timestamps_monotonic_and_never_in_the_future()
    {
        var rig = new Rig();
        rig.Chip.ClockErrorPercent = 1;
        rig.RunFor(3 * Second);

        var stamps = rig.Channel(0).Select(s => s.TimestampNs).ToList();
        Assert.InRange(stamps.Count, 3030 - 30, 3030 + 2);
        for (var i = 1; i < stamps.Count; i++)
        {
            Assert.InRange(stamps[i] - stamps[i - 1], 1, 1_000_000);
        }

        Assert.True(stamps[^1] <= rig.Clock.UtcNowNs);
    }

    [Fact]
    public void An_overflow_is_counted_published_as_data_lost_and_recovered_by_a_fifo_reset()
    {
        var rig = new Rig();
        rig.RunFor(Second / 2);
        var before = rig.Channel(0).Count;

        // The bus thread is held up for 150 ms: 150 frames into a 73-frame FIFO.
        rig.Clock.Stall(150_000_000);
        rig.RunFor(Second);

        Assert.Equal(1, rig.Device.Statistics.Overflows);
        var lost = rig.Sink.Samples.Where(s => s.Quality == Quality.DataLost).ToList();
        Assert.Equal(7, lost.Count);
        Assert.All(lost, s => Assert.True(double.IsNaN(s.Value)));

        // Recovery: after the marker the stream continues at 1 kHz, in order, all good.
        var accelX = rig.Channel(0);
        var marker = accelX.FindIndex(s => s.Quality == Quality.DataLost);
        Assert.InRange(marker, before, before + 40);
        var after = accelX.Skip(marker + 1).ToList();
        Assert.InRange(after.Count, 1000 - 175, 1000);
        Assert.All(after, s => Assert.True(s.Quality.IsGood));
        for (var i = 1; i < accelX.Count; i++)
        {
            Assert.True(accelX[i].TimestampNs > accelX[i - 1].TimestampNs, $"sample {i} goes back in time");
        }

        // The reset restarts the count but not the chip's sample clock, whose phase the driver learns over the
        // next polls: a stamp can be pulled back once by less than a period, never pushed forward.
        var spacings = after.Zip(after.Skip(1), (a, b) => b.TimestampNs - a.TimestampNs).ToList();
        Assert.All(spacings, d => Assert.InRange(d, 1, 1_000_000));
        Assert.True(spacings.Count(d => d == 1_000_000) >= spacings.Count - 5, string.Join(",", spacings.Where(d => d != 1_000_000)));
    }

    [Fact]
    public void The_live_reading_bypasses_the_fifo()
    {
        var rig = new Rig();
        rig.Clock.Advance(5_000_000);
        rig.Sampler.ReadAllNow();
        Assert.Equal(7, rig.Sink.Samples.Count);
        Assert.All(rig.Sink.Samples, s => Assert.True(s.Quality.IsGood));
        Assert.Equal(rig.Sink.Samples[0].TimestampNs, rig.Sink.Samples[6].TimestampNs);
    }
}
