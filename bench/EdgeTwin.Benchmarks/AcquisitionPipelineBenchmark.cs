using BenchmarkDotNet.Attributes;
using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Devices.Temperature.Mcp9808;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Sync.Acquisition;
using EdgeTwin.Sync.Twin;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Benchmarks;

/// <summary>
/// The acquisition path of the simulated plant on one core: register-level simulators behind the simulated
/// buses → drivers (burst reads, scaling) → calibration → samples → twin state and encoder kinematics.
/// One operation is one sample, so the mean is ns per sample and Allocated is bytes per sample.
/// </summary>
[MemoryDiagnoser]
public class AcquisitionPipelineBenchmark
{
    // Per 1000 bus passes at 1 kHz: IMU 7 channels, encoder counts, position and velocity, and the 10 Hz
    // temperature sensor 10 times.
    private const int Passes = 1000;
    private const int SamplesPerInvoke = Passes * (7 + 1 + 2) + Passes / 100;

    private BusSampler _sampler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new SteppingClock();
        var plant = new SimulatedPlant(clock, new AxisPlantParameters(), new PlantFaults { BearingWear = 0.3 }, seed: 1);
        plant.AttachI2c("i2c-1", 0x68, seed => new Mpu6050Simulator(plant.Axis, clock, seed));
        plant.AttachI2c("i2c-1", 0x18, seed => new Mcp9808Simulator(plant.Axis, clock, seed));
        plant.AttachSpi("spi0", 0, new Ls7366rSimulator(plant.Axis, clock, 1024));
        plant.Axis.CommandSpeed(1500);

        var map = new ChannelMap();
        int[] imu = [.. Mpu6050.ChannelDescriptors.Select(c => map.Add($"axis1/imu/{c.Name}", c.Unit, "imu", c.Name))];
        var temperature = map.Add("axis1/motor/temperature", "degC", "winding", "temperature");
        var counts = map.Add("axis1/encoder/counts", "counts", "encoder", "counts");
        var position = map.Add("axis1/position", "rev", "kin", "position");
        var velocity = map.Add("axis1/velocity", "rpm", "kin", "velocity");

        var twin = new TwinState(map, clock);
        var pipeline = new SamplePipeline(twin, [new EncoderKinematics(counts, 4096, position, velocity, TimeSpan.FromMilliseconds(20), 1000)]);
        var identity6 = new double[6, 6];
        for (var i = 0; i < 6; i++)
        {
            identity6[i, i] = 1;
        }

        SampledDevice Device(string name, EdgeTwin.Drivers.Devices.ISampledDevice driver, double rate, int[] ids, Calibration? calibration = null) =>
            new(name, driver, rate, ids,
                Enumerable.Repeat(UnitConversion.Identity, ids.Length).ToArray(),
                Enumerable.Repeat(ValueRange.Unbounded, ids.Length).ToArray(),
                calibration);

        // One sampler for all three devices keeps the benchmark on one thread; the service runs one per bus.
        _sampler = new BusSampler("bench", clock,
        [
            Device("imu", new Mpu6050(plant.OpenI2c("i2c-1", 0x68), new Mpu6050Options()), 1000, imu, new Calibration([0, 1, 2, 3, 4, 5], new double[6], identity6)),
            Device("winding", new Mcp9808(plant.OpenI2c("i2c-1", 0x18)), 10, [temperature]),
            Device("encoder", new Ls7366r(plant.OpenSpi("spi0", 0)), 1000, [counts]),
        ], pipeline, NullLogger.Instance);
        _sampler.Prepare();
    }

    [Benchmark(OperationsPerInvoke = SamplesPerInvoke, Description = "driver → twin, per sample")]
    public void Acquire()
    {
        for (var i = 0; i < Passes; i++)
        {
            _sampler.Step();
        }
    }
}
