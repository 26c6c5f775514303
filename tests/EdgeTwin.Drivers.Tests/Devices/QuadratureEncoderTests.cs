using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

/// <summary>The polled quadrature device over the simulated shaft's edge lines: what configuration builds.</summary>
public sealed class QuadratureEncoderTests
{
    private static (ManualClock Clock, AxisPlant Plant, QuadratureSimulator Shaft, QuadratureEncoder Encoder) Rig(int lines = 100)
    {
        var clock = new ManualClock();
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, clock.MonotonicNowNs);
        var shaft = new QuadratureSimulator(plant, clock, lines);
        return (clock, plant, shaft, new QuadratureEncoder(shaft.Open(), clock));
    }

    private static (double[] Values, Quality[] Qualities) Read(QuadratureEncoder encoder)
    {
        var values = new double[encoder.Channels.Count];
        var qualities = new Quality[encoder.Channels.Count];
        encoder.Read(values, qualities);
        return (values, qualities);
    }

    [Fact]
    public void The_count_follows_the_shaft_both_ways_with_one_index_pulse_per_revolution()
    {
        var (clock, plant, shaft, encoder) = Rig();
        encoder.Initialize();
        plant.CommandSpeed(300);
        for (var i = 0; i < 4000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var (v, q) = Read(encoder);
            Assert.Equal(shaft.TrueCount, v[0]);
            Assert.Equal(Quality.Good, q[0]);
        }

        var (forward, _) = Read(encoder);
        Assert.True(forward[0] > 400, $"count {forward[0]}");
        Assert.Equal(Math.Floor(forward[0] / 400), forward[2]);
        Assert.Equal(0, forward[3]);

        plant.CommandSpeed(0);
        plant.SetBrake(true);
        clock.Advance(TimeSpan.FromSeconds(5));
        Read(encoder);
        var stopped = shaft.TrueCount;
        Assert.Equal(stopped, Read(encoder).Values[0]);
    }

    [Fact]
    public void Edges_lost_in_a_long_gap_are_reported_as_missed_and_mark_the_count_uncertain()
    {
        var (clock, plant, shaft, encoder) = Rig(lines: 1000);
        plant.CommandSpeed(3000);
        clock.Advance(TimeSpan.FromSeconds(3));
        Read(encoder);

        // Not read for 200 ms at full speed: far more edges than the 1024-event queues hold.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var (v, q) = Read(encoder);
        Assert.True(v[4] > 0, "missed edges must be counted");
        Assert.Equal(Quality.SensorNotAccurate, q[0]);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Quality.Good, Read(encoder).Qualities[0]);
        Assert.NotEqual(0, shaft.TrueCount);
    }

    [Fact]
    public void A_read_does_not_allocate()
    {
        var (clock, plant, _, encoder) = Rig();
        plant.CommandSpeed(1000);
        var values = new double[5];
        var qualities = new Quality[5];
        for (var i = 0; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            encoder.Read(values, qualities);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            encoder.Read(values, qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
