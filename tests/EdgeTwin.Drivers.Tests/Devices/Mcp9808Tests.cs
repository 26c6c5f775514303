using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Temperature.Mcp9808;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Mcp9808Tests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _bus = new("sim:i2c-1");
    private readonly AxisPlant _plant;
    private readonly Mcp9808Simulator _chip;

    public Mcp9808Tests()
    {
        _plant = new AxisPlant(new AxisPlantParameters { ThermalTimeConstantSeconds = 10 }, PlantFaults.None, _clock.MonotonicNowNs);
        _chip = new Mcp9808Simulator(_plant, _clock, 5);
        _bus.Attach(0x18, _chip);
    }

    [Theory]
    [InlineData(0x0190, 25.0)]      // datasheet example: 0x0190 = +25 °C
    [InlineData(0x1FFF, -0.0625)]
    [InlineData(0x1E70, -25.0)]
    [InlineData(0xE190, 25.0)]      // alert flags in bits 15–13 are ignored
    [InlineData(0x07D0, 125.0)]
    public void Decodes_the_ambient_register_including_sign_and_flags(int raw, double celsius) =>
        Assert.Equal(celsius, Mcp9808.Decode((ushort)raw));

    [Fact]
    public void Encode_and_decode_round_trip_every_sixteenth_over_the_range()
    {
        for (var sixteenths = -40 * 16; sixteenths <= 125 * 16; sixteenths++)
        {
            Assert.Equal(sixteenths / 16.0, Mcp9808.Decode(Mcp9808.Encode(sixteenths / 16.0)));
        }
    }

    [Fact]
    public void Identity_check_accepts_the_chip()
    {
        var driver = new Mcp9808(_bus.Open(0x18));
        driver.Initialize();
        var values = new double[1];
        var qualities = new Quality[1];
        driver.Read(values, qualities);
        Assert.Equal(_plant.Parameters.AmbientCelsius, values[0], 0.25);
        Assert.Equal(Quality.Good, qualities[0]);
    }

    [Fact]
    public void Identity_check_refuses_another_chip_at_the_address()
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, 0);
        _bus.Attach(0x19, new EdgeTwin.Drivers.Devices.Imu.Mpu6050.Mpu6050Simulator(plant, _clock, 1));
        var error = Assert.Throws<DeviceException>(new Mcp9808(_bus.Open(0x19)).Initialize);
        Assert.StartsWith("sim:i2c-1 0x19: manufacturer/device id", error.Message);
    }

    [Fact]
    public void A_value_only_changes_once_per_conversion_time()
    {
        var driver = new Mcp9808(_bus.Open(0x18), resolutionCelsius: 0.0625);
        driver.Initialize();
        _plant.CommandSpeed(3000);
        var values = new double[1];
        var qualities = new Quality[1];
        _clock.Advance(TimeSpan.FromSeconds(5));
        driver.Read(values, qualities);
        var first = values[0];

        // 0.0625 °C resolution converts every 250 ms: reads inside that window repeat the value.
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        driver.Read(values, qualities);
        Assert.Equal(first, values[0]);

        _clock.Advance(TimeSpan.FromSeconds(2));
        driver.Read(values, qualities);
        Assert.True(values[0] > first, "the heating winding must read warmer after a new conversion");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.125)]
    [InlineData(0.0625)]
    public void Readings_are_quantized_to_the_configured_resolution(double resolution)
    {
        var driver = new Mcp9808(_bus.Open(0x18), resolution);
        driver.Initialize();
        _plant.CommandSpeed(2000);
        var values = new double[1];
        for (var i = 0; i < 20; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(300));
            driver.Read(values, new Quality[1]);
            Assert.Equal(0, Math.IEEERemainder(values[0], resolution), 9);
        }
    }

    [Fact]
    public void Readings_outside_the_sensor_range_are_uncertain()
    {
        var driver = new Mcp9808(_bus.Open(0x18));
        driver.Initialize();
        _chip.ForcedCelsius = 130;
        var values = new double[1];
        var qualities = new Quality[1];
        _clock.Advance(TimeSpan.FromSeconds(1));
        driver.Read(values, qualities);
        Assert.Equal(130, values[0]);
        Assert.Equal(Quality.SensorNotAccurate, qualities[0]);
    }

    [Fact]
    public void Unsupported_resolution_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Mcp9808(_bus.Open(0x18), 0.3));
        Assert.Contains("0.5, 0.25, 0.125 or 0.0625", error.Message);
    }
}
