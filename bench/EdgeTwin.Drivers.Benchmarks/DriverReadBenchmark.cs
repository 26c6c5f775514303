using BenchmarkDotNet.Attributes;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.As5600;
using EdgeTwin.Drivers.Devices.Environment.Bme280;
using EdgeTwin.Drivers.Devices.Imu.Lsm6dso;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Devices.Temperature.Max31865;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Benchmarks;

/// <summary>
/// One device read through the whole driver stack: driver → bus interface → simulated bus → register-level
/// simulator → plant model, with simulated time advancing 1 ms per read (a 1 kHz poll). The mean is the cost
/// of one read on this machine (reads/s = 1e9 / mean ns); Allocated is bytes per read and must be 0.
/// </summary>
[MemoryDiagnoser]
public class DriverReadBenchmark
{
    private readonly double[] _values = new double[8];
    private readonly Quality[] _qualities = new Quality[8];
    private SteppingClock _clock = null!;
    private ISampledDevice _mpu6050 = null!;
    private ISampledDevice _lsm6dsoI2c = null!;
    private ISampledDevice _lsm6dsoSpi = null!;
    private ISampledDevice _as5600 = null!;
    private ISampledDevice _bme280 = null!;
    private ISampledDevice _max31865 = null!;
    private Mpu6050Fifo _fifo = null!;
    private readonly long[] _stamps = new long[Mpu6050Fifo.MaxFramesPerDrain];
    private readonly double[] _frames = new double[Mpu6050Fifo.MaxFramesPerDrain * 7];
    private readonly Quality[] _frameQualities = new Quality[Mpu6050Fifo.MaxFramesPerDrain * 7];

    [GlobalSetup]
    public void Setup()
    {
        _clock = new SteppingClock();
        var plant = new SimulatedPlant(_clock, new AxisPlantParameters(), new PlantFaults { BearingWear = 0.3 }, seed: 1);
        plant.Axis.CommandSpeed(1500);
        plant.AttachI2c("i2c-1", 0x68, seed => new Mpu6050Simulator(plant.Axis, _clock, seed));
        plant.AttachI2c("i2c-1", 0x69, seed => new Mpu6050Simulator(plant.Axis, _clock, seed));
        plant.AttachI2c("i2c-1", 0x6A, seed => new Lsm6dsoSimulator(plant.Axis, _clock, seed));
        plant.AttachI2c("i2c-1", 0x36, seed => new As5600Simulator(plant.Axis, _clock, seed));
        plant.AttachI2c("i2c-1", 0x76, seed => new Bme280Simulator(plant.Axis, _clock, seed));
        plant.AttachSpi("spi0", 1, new Lsm6dsoSimulator(plant.Axis, _clock, 5));
        plant.AttachSpi("spi0", 2, new Max31865Simulator(plant.Axis, _clock, 100, 430, 6));

        _mpu6050 = Init(new Mpu6050(plant.OpenI2c("i2c-1", 0x68), new Mpu6050Options()));
        _lsm6dsoI2c = Init(new Lsm6dso(plant.OpenI2c("i2c-1", 0x6A), new Lsm6dsoOptions()));
        _lsm6dsoSpi = Init(new Lsm6dso(plant.OpenSpi("spi0", 1), new Lsm6dsoOptions()));
        _as5600 = Init(new As5600(plant.OpenI2c("i2c-1", 0x36)));
        _bme280 = Init(new Bme280(plant.OpenI2c("i2c-1", 0x76)));
        _max31865 = Init(new Max31865(plant.OpenSpi("spi0", 2), new Max31865Options()));
        _fifo = new Mpu6050Fifo(plant.OpenI2c("i2c-1", 0x69), _clock, new Mpu6050Options());
        _fifo.Initialize();
    }

    [Benchmark]
    public double Mpu6050_burst() => Read(_mpu6050);

    [Benchmark]
    public double Lsm6dso_i2c_burst() => Read(_lsm6dsoI2c);

    [Benchmark]
    public double Lsm6dso_spi_burst() => Read(_lsm6dsoSpi);

    [Benchmark]
    public double As5600_angle_unwrap() => Read(_as5600);

    [Benchmark]
    public double Bme280_compensated() => Read(_bme280);

    [Benchmark]
    public double Max31865_callendar_van_dusen() => Read(_max31865);

    /// <summary>One 20 ms FIFO drain at 1 kHz: 20 frames of 7 channels.</summary>
    [Benchmark]
    public int Mpu6050_fifo_drain_20_frames()
    {
        _clock.MonotonicNowNs += 20_000_000;
        return _fifo.Drain(_stamps, _frames, _frameQualities);
    }

    private static ISampledDevice Init(ISampledDevice device)
    {
        device.Initialize();
        return device;
    }

    private double Read(ISampledDevice device)
    {
        _clock.MonotonicNowNs += 1_000_000;
        device.Read(_values, _qualities);
        return _values[0];
    }
}
