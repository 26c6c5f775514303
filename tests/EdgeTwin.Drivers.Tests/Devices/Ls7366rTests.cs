using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.Ls7366r;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Ls7366rTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedSpiBus _bus = new("sim:spi0");
    private readonly AxisPlant _plant;

    public Ls7366rTests()
    {
        _plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        _bus.Attach(0, new Ls7366rSimulator(_plant, _clock, linesPerRevolution: 1024));
    }

    [Fact]
    public void Counts_four_edges_per_line_in_x4_mode()
    {
        var driver = new Ls7366r(_bus.Open(0));
        driver.Initialize();
        _plant.CommandSpeed(600);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var values = new double[1];
        driver.Read(values, new Quality[1]);
        var before = values[0];
        var revolutionsBefore = _plant.Observe(_clock.MonotonicNowNs).ShaftRevolutions;

        _clock.Advance(TimeSpan.FromSeconds(1));
        driver.Read(values, new Quality[1]);
        var revolutions = _plant.Observe(_clock.MonotonicNowNs).ShaftRevolutions - revolutionsBefore;
        Assert.Equal(revolutions * 4096, values[0] - before, 1.0);
    }

    [Fact]
    public void Clear_at_initialization_zeroes_the_counter()
    {
        _plant.CommandSpeed(1000);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var driver = new Ls7366r(_bus.Open(0));
        driver.Initialize();
        var values = new double[1];
        driver.Read(values, new Quality[1]);
        Assert.Equal(0, values[0]);
    }

    [Fact]
    public void An_empty_chip_select_is_detected_at_initialization()
    {
        var error = Assert.Throws<DeviceException>(new Ls7366r(_bus.Open(1)).Initialize);
        Assert.Equal("sim:spi0.1: LS7366R MDR0 reads back 0xFF instead of 0x03 — chip absent or miswired", error.Message);
    }

    [Fact]
    public void Counter_wraps_as_a_signed_32_bit_register()
    {
        var driver = new Ls7366r(_bus.Open(0));
        driver.Initialize();
        // 2^31 counts at 4096 counts/rev is 524,288 revolutions: ~3 h at full speed.
        _plant.CommandSpeed(3000);
        _clock.Advance(TimeSpan.FromSeconds(524_288.0 / 50 + 10));
        var values = new double[1];
        driver.Read(values, new Quality[1]);
        Assert.True(values[0] < 0, $"expected a wrapped (negative) count, got {values[0]}");
    }
}
