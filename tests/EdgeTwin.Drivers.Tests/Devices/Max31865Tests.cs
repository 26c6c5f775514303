using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Temperature.Max31865;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Max31865Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedSpiBus _spi = new("sim:spi0");
    private readonly double[] _values = new double[2];
    private readonly Quality[] _qualities = new Quality[2];

    private (Max31865 Driver, Max31865Simulator Chip) Setup(double r0 = 100, double reference = 430)
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new Max31865Simulator(plant, _clock, r0, reference, seed: 2);
        _spi.Attach(0, chip);
        return (new Max31865(_spi.Open(0), new Max31865Options { NominalOhms = r0, ReferenceOhms = reference }), chip);
    }

    private byte[] ReadRegisters(byte address, int count)
    {
        var tx = new byte[count + 1];
        tx[0] = address;
        var rx = new byte[count + 1];
        _spi.Open(0).Transfer(tx, rx);
        return rx[1..];
    }

    [Fact]
    public void Reset_values_and_no_conversion_without_bias()
    {
        Setup();
        Assert.Equal([0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00], ReadRegisters(0x00, 8));
    }

    [Fact]
    public void Writes_use_bit_7_and_reads_do_not()
    {
        Setup();
        _spi.Open(0).Transfer([0x83, 0x12, 0x34], new byte[3]);
        Assert.Equal([0x12, 0x34], ReadRegisters(0x03, 2));
        _spi.Open(0).Transfer([0x03, 0x00, 0x00], new byte[3]); // a read, not a write
        Assert.Equal([0x12, 0x34], ReadRegisters(0x03, 2));
    }

    [Theory]
    [InlineData(0, 100.0)]
    [InlineData(100, 138.5055)]
    [InlineData(-100, 60.2558)]
    [InlineData(850, 390.4811)]
    public void Callendar_van_dusen_matches_the_iec_60751_table(double celsius, double ohms)
    {
        Assert.Equal(ohms, CallendarVanDusen.Resistance(celsius, 100), 1e-3);
        Assert.Equal(celsius, CallendarVanDusen.Temperature(ohms, 100), 1e-2);
    }

    [Fact]
    public void Temperature_inverts_resistance_across_the_whole_range()
    {
        Prop.ForAll(
            Gen.Choose(-200_000, 850_000).Select(m => m / 1000.0).ToArbitrary(),
            celsius => Math.Abs(CallendarVanDusen.Temperature(CallendarVanDusen.Resistance(celsius, 1000), 1000) - celsius) < 1e-6)
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(100, 430, -195.0)]
    [InlineData(100, 430, -40.0)]
    [InlineData(100, 430, 0.0)]
    [InlineData(100, 430, 155.0)]
    [InlineData(100, 430, 800.0)]
    [InlineData(1000, 4300, -50.0)]
    [InlineData(1000, 4300, 300.0)]
    public void Reads_temperature_within_adc_resolution(double r0, double reference, double celsius)
    {
        var (driver, chip) = Setup(r0, reference);
        chip.ForcedCelsius = celsius;
        driver.Initialize();
        driver.Read(_values, _qualities);

        // One LSB is R_REF/32768 ≈ 0.013 Ω ≈ 0.034 °C for a PT100 with 430 Ω.
        Assert.Equal(celsius, _values[0], 0.04);
        Assert.Equal(CallendarVanDusen.Resistance(celsius, r0), _values[1], reference / 32768);
        Assert.All(_qualities, q => Assert.True(q.IsGood));
    }

    [Fact]
    public void Follows_the_winding_temperature_of_the_plant()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        driver.Read(_values, _qualities);
        Assert.Equal(22, _values[0], 0.15);
    }

    [Theory]
    [InlineData(RtdElement.Open, 0x88)]
    [InlineData(RtdElement.Shorted, 0x40)]
    public void Broken_element_is_a_sensor_failure_with_its_fault_status_and_recovers(RtdElement element, int status)
    {
        var (driver, chip) = Setup();
        driver.Initialize();
        chip.Element = element;
        driver.Read(_values, _qualities);
        Assert.Equal(Quality.SensorFailure, _qualities[0]);
        Assert.True(double.IsNaN(_values[0]));
        Assert.Equal(status, driver.LastFault);
        Assert.Equal([0x00], ReadRegisters(0x07, 1)); // the driver cleared it

        chip.Element = RtdElement.Ok;
        driver.Read(_values, _qualities);
        Assert.True(_qualities[0].IsGood);
    }

    [Fact]
    public void Initialize_sets_thresholds_at_the_ends_of_the_pt_range()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        var registers = ReadRegisters(0x00, 8);
        Assert.Equal(0xD1, registers[0]); // V_BIAS, auto, 3-wire, 50 Hz
        Assert.Equal((int)Math.Round(390.4811 / 430 * 32768) << 1, registers[3] << 8 | registers[4], 2.0);
        Assert.Equal((int)Math.Round(18.52 / 430 * 32768) << 1, registers[5] << 8 | registers[6], 4.0);
    }

    [Fact]
    public void An_empty_chip_select_is_refused()
    {
        var driver = new Max31865(_spi.Open(5), new Max31865Options());
        Assert.Equal("sim:spi0.5: configuration reads back 0xFF, wrote 0xD1; no MAX31865 on this chip select?", Assert.Throws<DeviceException>(driver.Initialize).Message);
    }

    [Theory]
    [InlineData(50, 0)]
    [InlineData(100, 100)]
    [InlineData(100, 5000)]
    public void Impossible_boards_are_refused(double r0, double reference) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Max31865(_spi.Open(0), new Max31865Options { NominalOhms = r0, ReferenceOhms = reference }));

    [Fact]
    public void Spi_faults_surface()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        _spi.InjectFault(0, BusFault.IoError);
        Assert.Equal(BusFault.IoError, Assert.Throws<BusException>(() => driver.Read(_values, _qualities)).Fault);
        _spi.ClearFault(0);
        driver.Read(_values, _qualities);
        Assert.True(_qualities[0].IsGood);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var (driver, _) = Setup();
        driver.Initialize();
        driver.Read(_values, _qualities);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 500; i++)
        {
            driver.Read(_values, _qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
