using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.As5600;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class As5600Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");
    private readonly double[] _values = new double[3];
    private readonly Quality[] _qualities = new Quality[3];

    private (As5600 Driver, As5600Simulator Chip, AxisPlant Plant) Setup()
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new As5600Simulator(plant, _clock, seed: 3);
        _bus.Attach(0x36, chip);
        var driver = new As5600(_bus.Open(0x36));
        driver.Initialize();
        return (driver, chip, plant);
    }

    [Fact]
    public void Reset_values_and_writable_registers()
    {
        Setup();
        var device = _bus.Open(0x36);
        var conf = new byte[9];
        device.WriteRead([0x00], conf);
        Assert.All(conf, b => Assert.Equal(0, b)); // ZMCO, ZPOS, MPOS, MANG, CONF reset to 0
        device.Write([0x07, 0x12, 0x34]);
        device.Write([0x0B, 0xFF]); // STATUS is read-only
        var back = new byte[2];
        device.WriteRead([0x07], back);
        Assert.Equal([0x12, 0x34], back);
        var status = new byte[1];
        device.WriteRead([0x0B], status);
        Assert.Equal(0x20, status[0]);
    }

    [Fact]
    public void Raw_angle_pointer_wraps_to_the_high_byte()
    {
        var (_, _, plant) = Setup();
        plant.CommandSpeed(600);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var device = _bus.Open(0x36);
        var six = new byte[6];
        device.WriteRead([0x0C], six);
        Assert.All(new[] { six[0], six[2], six[4] }, high => Assert.Equal(0, high & 0xF0));
        Assert.Equal(six[0], six[2]); // high, low, high, low...: not ANGLE's registers at 0x0E
    }

    [Fact]
    public void Angle_is_raw_angle_minus_zpos()
    {
        Setup();
        var device = _bus.Open(0x36);
        device.Write([0x01, 0x04, 0x00]); // ZPOS = 1024 (a quarter turn)
        var raw = new byte[4];
        device.WriteRead([0x0C], raw.AsSpan(0, 2));
        device.WriteRead([0x0E], raw.AsSpan(2, 2));
        var rawAngle = raw[0] << 8 | raw[1];
        var angle = raw[2] << 8 | raw[3];
        Assert.InRange((rawAngle - 1024 - angle) & 0xFFF, 0, 3); // noise of a fraction of an LSB between reads
    }

    [Fact]
    public void At_rest_the_angle_matches_the_shaft()
    {
        var (driver, _, plant) = Setup();
        driver.Read(_values, _qualities);
        var revolutions = plant.Observe(_clock.MonotonicNowNs).ShaftRevolutions;
        Assert.Equal(revolutions - Math.Floor(revolutions), _values[0], 2.0 / 4096);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
    }

    [Theory]
    [InlineData(1500)]
    [InlineData(-2700)]
    public void Multi_turn_position_follows_the_shaft_in_both_directions(double rpm)
    {
        var (driver, _, plant) = Setup();
        driver.Read(_values, _qualities);
        var startPosition = _values[2];
        var startShaft = plant.Observe(_clock.MonotonicNowNs).ShaftRevolutions;
        plant.CommandSpeed(rpm);
        for (var i = 0; i < 5000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(2)); // 500 Hz
            driver.Read(_values, _qualities);
        }

        // An absolute single-turn sensor cannot know the turn it starts in: position counts from the first read.
        var shaft = plant.Observe(_clock.MonotonicNowNs).ShaftRevolutions - startShaft;
        Assert.True(Math.Abs(shaft) > 40, "the shaft must have made many turns");
        Assert.Equal(shaft, _values[2] - startPosition, 3.0 / 4096);
        Assert.Equal(Math.Floor(_values[2]), _values[1]);
        Assert.Equal(0, driver.AmbiguousSteps);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
    }

    [Fact]
    public void Reading_too_slowly_for_the_speed_is_counted_and_uncertain()
    {
        var (driver, _, plant) = Setup();
        plant.CommandSpeed(3000);
        _clock.Advance(TimeSpan.FromSeconds(3));
        driver.Read(_values, _qualities);
        var ambiguous = 0;
        for (var i = 0; i < 50; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(9)); // 50 rev/s × 9 ms = 0.45 rev per read
            driver.Read(_values, _qualities);
            ambiguous += _qualities[2] == Quality.SensorNotAccurate ? 1 : 0;
        }

        Assert.Equal(50, driver.AmbiguousSteps);
        Assert.Equal(50, ambiguous);
    }

    [Theory]
    [InlineData(As5600Magnet.TooWeak, 0x30)]
    [InlineData(As5600Magnet.TooStrong, 0x28)]
    public void Weak_or_strong_field_sets_status_and_makes_readings_uncertain(As5600Magnet magnet, int status)
    {
        var (driver, chip, _) = Setup();
        chip.Magnet = magnet;
        var raw = new byte[1];
        _bus.Open(0x36).WriteRead([0x0B], raw);
        Assert.Equal(status, raw[0]);
        driver.Read(_values, _qualities);
        Assert.All(_qualities, q => Assert.Equal(Quality.SensorNotAccurate, q));
    }

    [Fact]
    public void Missing_magnet_is_a_sensor_failure_and_holds_the_turn_count()
    {
        var (driver, chip, plant) = Setup();
        plant.CommandSpeed(600);
        for (var i = 0; i < 1000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(2));
            driver.Read(_values, _qualities);
        }

        var turns = _values[1];
        chip.Magnet = As5600Magnet.Missing;
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(2));
            driver.Read(_values, _qualities);
            Assert.All(_qualities, q => Assert.Equal(Quality.SensorFailure, q));
            Assert.Equal(turns, _values[1]);
        }

        chip.Magnet = As5600Magnet.Good;
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        driver.Read(_values, _qualities);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
        Assert.Equal(turns, _values[1], 1.0);
    }

    [Fact]
    public void A_chip_with_reserved_bits_set_is_not_an_as5600()
    {
        _bus.Attach(0x36, new FixedRegisters(0xFF));
        Assert.Contains("not an AS5600", Assert.Throws<DeviceException>(new As5600(_bus.Open(0x36)).Initialize).Message);
    }

    [Theory]
    [InlineData(BusFault.Nack)]
    [InlineData(BusFault.Timeout)]
    public void Bus_faults_surface_and_clear(BusFault fault)
    {
        var (driver, _, _) = Setup();
        _bus.InjectFault(0x36, fault);
        Assert.Equal(fault, Assert.Throws<BusException>(() => driver.Read(_values, _qualities)).Fault);
        _bus.ClearFault(0x36);
        driver.Read(_values, _qualities);
        Assert.True(_qualities[0].IsGood);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var (driver, _, _) = Setup();
        driver.Read(_values, _qualities);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            driver.Read(_values, _qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A target that answers every read with one byte value, like a floating bus or a foreign chip.</summary>
    private sealed class FixedRegisters(byte value) : II2cTarget
    {
        public void OnWrite(ReadOnlySpan<byte> data)
        {
        }

        public void OnRead(Span<byte> buffer) => buffer.Fill(value);
    }
}
