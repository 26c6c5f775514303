using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Twin;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Sync.Tests.Acquisition;

public sealed class SimulatedAxisVelocityTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(1500)]
    [InlineData(2900)]
    public void Encoder_velocity_through_the_whole_pipeline_matches_the_commanded_speed(double rpm)
    {
        var clock = new FakeClock(maxWakeLatencyNs: 100_000);
        var plant = new SimulatedPlant(clock, new AxisPlantParameters(), PlantFaults.None, seed: 3);
        plant.AttachSpi("spi0", 0, new Ls7366rSimulator(plant.Axis, clock, 1024));

        var map = new ChannelMap();
        var counts = map.Add("axis1/encoder/counts", "counts", "encoder", "counts");
        var position = map.Add("axis1/position", "rev", "kin", "position");
        var velocity = map.Add("axis1/velocity", "rpm", "kin", "velocity");
        var twin = new TwinState(map, clock);
        var pipeline = new SamplePipeline(twin, [new EncoderKinematics(counts, 4096, position, velocity, TimeSpan.FromMilliseconds(20), 1000)]);
        var device = new SampledDevice("encoder", new Ls7366r(plant.OpenSpi("spi0", 0)), 1000, [counts], [UnitConversion.Identity], [ValueRange.Unbounded], null);
        using var sampler = new BusSampler("spi0", clock, [device], pipeline, NullLogger.Instance);
        sampler.Prepare();

        new EdgeTwin.Drivers.Actuators.SpeedReferenceActuator(plant.SpeedReference, plant.Axis.Parameters.MaxSpeedRpm).Write(rpm);
        for (var i = 0; i < 4000; i++)
        {
            sampler.Step();
        }

        var measured = twin.Get(velocity);
        Assert.Equal(Quality.Good, measured.Quality);
        Assert.Equal(rpm, measured.Value, rpm * 0.01);
        Assert.Equal(plant.Axis.Observe(clock.MonotonicNowNs).ShaftRevolutions, twin.Get(position).Value, 0.01);
    }
}
