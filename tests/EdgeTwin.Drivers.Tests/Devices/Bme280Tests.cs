using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Environment.Bme280;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Bme280Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");
    private readonly double[] _values = new double[3];
    private readonly Quality[] _qualities = new Quality[3];

    private (Bme280 Driver, Bme280Simulator Chip) Setup(int oversampling = 1, byte chipId = 0x60)
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new Bme280Simulator(plant, _clock, seed: 11, chipId: chipId);
        _bus.Attach(0x76, chip);
        return (new Bme280(_bus.Open(0x76), oversampling), chip);
    }

    private byte[] ReadRegisters(byte start, int count)
    {
        var buffer = new byte[count];
        _bus.Open(0x76).WriteRead([start], buffer);
        return buffer;
    }

    [Fact]
    public void Datasheet_worked_example_compensates_exactly()
    {
        // BMP280/BME280 datasheet example: adc_T = 519888 → 25.08 °C, t_fine 128422; adc_P = 415148 → 100653.27 Pa
        // with the floating-point formula. The 64-bit integer formula lands 3/256 Pa below it: Q24.8 25767233.
        var trim = Bme280Simulator.TypicalTrim;
        Assert.Equal(2508, trim.CompensateTemperature(519888, out var tFine));
        Assert.Equal(128422, tFine);
        Assert.Equal(25767233u, trim.CompensatePressure(415148, tFine));
        Assert.Equal(100653.27, trim.CompensatePressure(415148, tFine) / 256.0, 0.02);
    }

    [Fact]
    public void Chip_id_reset_values_and_soft_reset()
    {
        Setup();
        Assert.Equal([0x60], ReadRegisters(0xD0, 1));
        Assert.Equal([0x00, 0x00, 0x00, 0x00], ReadRegisters(0xF2, 4));
        Assert.Equal([0x80, 0, 0, 0x80, 0, 0, 0x80, 0], ReadRegisters(0xF7, 8));

        _bus.Open(0x76).Write([0xF4, 0x27, 0xF2, 0x01]); // register/data pairs in one write
        Assert.Equal([0x27], ReadRegisters(0xF4, 1));
        Assert.Equal([0x01], ReadRegisters(0xF2, 1));
        _bus.Open(0x76).Write([0xE0, 0xB6]);
        Assert.Equal([0x00, 0x00, 0x00], ReadRegisters(0xF2, 3));
    }

    [Fact]
    public void Trim_registers_parse_to_the_values_the_chip_holds()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        Assert.Equal(Bme280Simulator.TypicalTrim, driver.Calibration);
    }

    [Fact]
    public void Trim_parsing_round_trips_every_value_and_accepts_any_bytes()
    {
        Prop.ForAll(
            Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(33).ToArbitrary(),
            bytes =>
            {
                var block1 = bytes.AsSpan(0, 26).ToArray();
                block1[24] = 0; // 0xA0 is not part of the trim
                var block2 = bytes.AsSpan(26, 7).ToArray();
                var parsed = Bme280Calibration.Parse(block1, block2);
                var again1 = new byte[26];
                var again2 = new byte[7];
                parsed.Write(again1, again2);
                return again1.AsSpan().SequenceEqual(block1) && again2.AsSpan().SequenceEqual(block2);
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Short_trim_blocks_are_refused() =>
        Assert.Throws<ArgumentException>(() => Bme280Calibration.Parse(new byte[25], new byte[7]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Reads_the_air_at_every_oversampling(int oversampling)
    {
        var (driver, chip) = Setup(oversampling);
        chip.ForcedCelsius = 23.47;
        chip.ForcedPascal = 98_765.4;
        chip.ForcedHumidity = 61.25;
        driver.Initialize();
        _clock.Advance(TimeSpan.FromMilliseconds(150));
        driver.Read(_values, _qualities);
        Assert.Equal(23.47, _values[0], 0.01);
        Assert.Equal(98_765.4, _values[1], 0.5);
        Assert.Equal(61.25, _values[2], 0.02);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
    }

    [Theory]
    [InlineData(-40.0, 30_000.0, 0.5)]
    [InlineData(85.0, 110_000.0, 99.5)]
    [InlineData(0.0, 101_325.0, 20.0)]
    public void Compensation_holds_across_the_operating_range(double celsius, double pascal, double humidity)
    {
        var (driver, chip) = Setup();
        chip.ForcedCelsius = celsius;
        chip.ForcedPascal = pascal;
        chip.ForcedHumidity = humidity;
        driver.Initialize();
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        driver.Read(_values, _qualities);
        Assert.Equal(celsius, _values[0], 0.01);
        Assert.Equal(pascal, _values[1], 0.5);
        Assert.Equal(humidity, _values[2], 0.02);
    }

    [Fact]
    public void Saturated_humidity_is_uncertain()
    {
        var (driver, chip) = Setup();
        chip.ForcedHumidity = 100;
        driver.Initialize();
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        driver.Read(_values, _qualities);
        Assert.Equal(100, _values[2]);
        Assert.Equal(Quality.SensorNotAccurate, _qualities[2]);
        Assert.True(_qualities[0].IsGood);
    }

    [Fact]
    public void Before_the_first_conversion_ends_readings_wait_for_initial_data()
    {
        var (driver, _) = Setup(oversampling: 16);
        driver.Initialize();
        _clock.Advance(TimeSpan.FromMilliseconds(50)); // 16× on all three takes about 98 ms
        driver.Read(_values, _qualities);
        Assert.All(_qualities, q => Assert.Equal(Quality.WaitingForInitialData, q));
        _clock.Advance(TimeSpan.FromMilliseconds(60));
        driver.Read(_values, _qualities);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
        Assert.Equal(22, _values[0], 0.05);
    }

    [Fact]
    public void Forced_mode_measures_once_with_the_measuring_bit_then_sleeps()
    {
        Setup();
        var device = _bus.Open(0x76);
        device.Write([0xF2, 0x01]);
        device.Write([0xF4, 0x25]); // osrs_t ×1, osrs_p ×1, forced
        Assert.Equal(0x08, ReadRegisters(0xF3, 1)[0] & 0x08);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, ReadRegisters(0xF3, 1)[0] & 0x08);
        Assert.Equal(0x24, ReadRegisters(0xF4, 1)[0]);
        Assert.NotEqual([0x80, 0, 0], ReadRegisters(0xFA, 3));
    }

    [Fact]
    public void Ctrl_hum_takes_effect_only_after_a_ctrl_meas_write()
    {
        Setup();
        var device = _bus.Open(0x76);
        device.Write([0xF4, 0x25]); // forced, humidity still skipped
        device.Write([0xF2, 0x01]);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([0x80, 0x00], ReadRegisters(0xFD, 2));

        device.Write([0xF4, 0x25]);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.NotEqual([0x80, 0x00], ReadRegisters(0xFD, 2));
    }

    [Theory]
    [InlineData(0x58, "chip id is 0x58, expected 0x60 (BME280) — a BMP280 has no humidity sensor")]
    [InlineData(0x61, "chip id is 0x61, expected 0x60 (BME280)")]
    public void Wrong_chip_id_is_refused(byte id, string message)
    {
        var (driver, _) = Setup(chipId: id);
        Assert.Equal($"sim:i2c-1 0x76: {message}", Assert.Throws<DeviceException>(driver.Initialize).Message);
    }

    [Fact]
    public void Blank_trim_is_refused()
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, 0);
        _bus.Attach(0x77, new Bme280Simulator(plant, _clock, 1, trim: default(Bme280Calibration)));
        Assert.Contains("trim values are blank", Assert.Throws<DeviceException>(new Bme280(_bus.Open(0x77)).Initialize).Message);
    }

    [Theory]
    [InlineData(BusFault.Nack)]
    [InlineData(BusFault.Timeout)]
    public void Bus_faults_surface_and_clear(BusFault fault)
    {
        var (driver, _) = Setup();
        driver.Initialize();
        _bus.InjectFault(0x76, fault);
        Assert.Equal(fault, Assert.Throws<BusException>(() => driver.Read(_values, _qualities)).Fault);
        _bus.ClearFault(0x76);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        driver.Read(_values, _qualities);
        Assert.True(_qualities[0].IsGood);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        driver.Read(_values, _qualities);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            // Within one conversion: the simulator does no work, so only the driver's allocations count.
            driver.Read(_values, _qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
