using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Imu.Mpu6050;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Mpu6050Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");

    private (Mpu6050 Driver, Mpu6050Simulator Chip, AxisPlant Plant) Setup(int accelRange = 4, int gyroRange = 500, PlantFaults? faults = null, byte whoAmI = 0x68)
    {
        var plant = new AxisPlant(new AxisPlantParameters(), faults ?? PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new Mpu6050Simulator(plant, _clock, seed: 7, whoAmI);
        _bus.Attach(0x68, chip);
        return (new Mpu6050(_bus.Open(0x68), new Mpu6050Options { AccelRangeG = accelRange, GyroRangeDps = gyroRange }), chip, plant);
    }

    [Fact]
    public void Chip_starts_asleep_and_reads_zero_until_the_driver_wakes_it()
    {
        Setup();
        var raw = new byte[14];
        _bus.Open(0x68).WriteRead([0x3B], raw);
        Assert.All(raw, b => Assert.Equal(0, b));

        var power = new byte[1];
        _bus.Open(0x68).WriteRead([0x6B], power);
        Assert.Equal(0x40, power[0]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void At_rest_the_z_axis_reads_one_g_at_every_range(int range)
    {
        var (driver, _, _) = Setup(accelRange: range);
        driver.Initialize();
        var values = new double[7];
        var qualities = new Quality[7];
        var sum = 0.0;
        for (var i = 0; i < 200; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            driver.Read(values, qualities);
            sum += values[2];
            Assert.All(qualities, q => Assert.True(q.IsGood));
        }

        // One LSB is 2·range/65536 g; averaging 200 readings of 0.05 m/s² noise leaves well under that.
        var lsb = 9.80665 * range / 32768.0;
        Assert.Equal(9.80665, sum / 200, Math.Max(lsb, 0.02));
    }

    [Theory]
    [InlineData(250)]
    [InlineData(2000)]
    public void Gyro_reads_near_zero_at_rest_at_each_range(int range)
    {
        var (driver, _, _) = Setup(gyroRange: range);
        driver.Initialize();
        var values = new double[7];
        driver.Read(values, new Quality[7]);
        Assert.InRange(Math.Abs(values[3]), 0, 0.02);
    }

    [Fact]
    public void Die_temperature_follows_the_datasheet_formula()
    {
        var (driver, _, plant) = Setup();
        driver.Initialize();
        var values = new double[7];
        driver.Read(values, new Quality[7]);
        Assert.Equal(plant.Parameters.AmbientCelsius, values[6], 0.01);
    }

    [Fact]
    public void Saturated_axes_are_marked_uncertain()
    {
        var (driver, chip, _) = Setup();
        driver.Initialize();
        chip.StuckAccelRaw = short.MaxValue;
        var values = new double[7];
        var qualities = new Quality[7];
        driver.Read(values, qualities);
        Assert.Equal(Quality.SensorNotAccurate, qualities[0]);
        Assert.Equal(Quality.Good, qualities[3]);
        Assert.Equal(4 * 9.80665 * 32767 / 32768, values[0], 1e-9);
    }

    [Fact]
    public void Wrong_identity_is_refused_with_bus_address_and_register_value()
    {
        var (driver, _, _) = Setup(whoAmI: 0x12);
        var error = Assert.Throws<DeviceException>(driver.Initialize);
        Assert.Equal("sim:i2c-1 0x68: WHO_AM_I is 0x12, expected 0x68 (MPU-6050) or 0x70 (MPU-6500)", error.Message);
    }

    [Fact]
    public void Mpu6500_identity_is_accepted()
    {
        var (driver, _, _) = Setup(whoAmI: 0x70);
        driver.Initialize();
    }

    [Theory]
    [InlineData(BusFault.Nack, "sim:i2c-1 0x68: no acknowledge from target")]
    [InlineData(BusFault.Timeout, "sim:i2c-1 0x68: bus timed out (SCL held low)")]
    public void Bus_faults_surface_as_bus_exceptions_naming_bus_and_address(BusFault fault, string message)
    {
        var (driver, _, _) = Setup();
        driver.Initialize();
        _bus.InjectFault(0x68, fault);
        var error = Assert.Throws<BusException>(() => driver.Read(new double[7], new Quality[7]));
        Assert.Equal(fault, error.Fault);
        Assert.Equal(message, error.Message);

        _bus.ClearFault(0x68);
        driver.Read(new double[7], new Quality[7]);
    }

    [Fact]
    public void Absent_chip_does_not_acknowledge()
    {
        var driver = new Mpu6050(_bus.Open(0x69), new Mpu6050Options());
        var error = Assert.Throws<BusException>(driver.Initialize);
        Assert.Equal(BusFault.Nack, error.Fault);
    }

    [Fact]
    public void Vibration_grows_with_speed_and_with_bearing_wear()
    {
        Assert.True(Rms(1500, 0) * 2 < Rms(3000, 0), "1× imbalance must grow with the square of speed");
        Assert.True(Rms(3000, 0) * 1.5 < Rms(3000, 1), "bearing wear must add vibration energy");
    }

    [Fact]
    public void Reading_allocates_nothing_in_steady_state()
    {
        var (driver, _, _) = Setup();
        driver.Initialize();
        var values = new double[7];
        var qualities = new Quality[7];
        driver.Read(values, qualities);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            driver.Read(values, qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Rms(double rpm, double wear)
    {
        var clock = new ManualClock();
        var bus = new SimulatedI2cBus("sim:i2c-1");
        var plant = new AxisPlant(new AxisPlantParameters(), new PlantFaults { BearingWear = wear }, clock.MonotonicNowNs);
        bus.Attach(0x68, new Mpu6050Simulator(plant, clock, 3));
        var driver = new Mpu6050(bus.Open(0x68), new Mpu6050Options { AccelRangeG = 16 });
        driver.Initialize();
        plant.CommandSpeed(rpm);
        clock.Advance(TimeSpan.FromSeconds(5));

        var values = new double[7];
        var sum = 0.0;
        const int n = 2000;
        for (var i = 0; i < n; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            driver.Read(values, new Quality[7]);
            sum += values[0] * values[0] + values[1] * values[1];
        }

        return Math.Sqrt(sum / n);
    }
}
