using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Imu.Lsm6dso;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Devices;

public sealed class Lsm6dsoTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedI2cBus _i2c = new("sim:i2c-1");
    private readonly SimulatedSpiBus _spi = new("sim:spi0");

    private (Lsm6dso Driver, Lsm6dsoSimulator Chip) Setup(bool spi, Lsm6dsoOptions? options = null, byte whoAmI = 0x6C)
    {
        var plant = new AxisPlant(new AxisPlantParameters(), PlantFaults.None, _clock.MonotonicNowNs);
        var chip = new Lsm6dsoSimulator(plant, _clock, seed: 9, whoAmI);
        options ??= new Lsm6dsoOptions();
        if (spi)
        {
            _spi.Attach(1, chip);
            return (new Lsm6dso(_spi.Open(1), options), chip);
        }

        _i2c.Attach(0x6A, chip);
        return (new Lsm6dso(_i2c.Open(0x6A), options), chip);
    }

    private byte[] SpiRead(byte register, int count)
    {
        var tx = new byte[count + 1];
        tx[0] = (byte)(register | 0x80);
        var rx = new byte[count + 1];
        _spi.Open(1).Transfer(tx, rx);
        return rx[1..];
    }

    [Fact]
    public void Reset_values_and_who_am_i_over_both_buses()
    {
        Setup(spi: true);
        Assert.Equal([0x6C], SpiRead(0x0F, 1));
        Assert.Equal([0x00, 0x00, 0x04], SpiRead(0x10, 3)); // CTRL1_XL, CTRL2_G power-down; CTRL3_C IF_INC

        var chip = new Lsm6dsoSimulator(new AxisPlant(new AxisPlantParameters(), PlantFaults.None, 0), _clock, 1);
        _i2c.Attach(0x6B, chip);
        var id = new byte[1];
        _i2c.Open(0x6B).WriteRead([0x0F], id);
        Assert.Equal(0x6C, id[0]);
    }

    [Fact]
    public void Spi_write_needs_bit_7_clear_and_a_read_needs_it_set()
    {
        Setup(spi: true);
        _spi.Open(1).Transfer([0x10, 0x5C], new byte[2]);
        Assert.Equal([0x5C], SpiRead(0x10, 1));

        // Without bit 7 the same frame is a write of 0x00, not a read.
        var rx = new byte[2];
        _spi.Open(1).Transfer([0x10, 0x00], rx);
        Assert.Equal([0, 0], rx);
        Assert.Equal([0x00], SpiRead(0x10, 1));
    }

    [Fact]
    public void Without_if_inc_a_burst_rereads_one_register()
    {
        Setup(spi: true);
        _spi.Open(1).Transfer([0x12, 0x00], new byte[2]); // CTRL3_C: IF_INC off
        Assert.Equal([0x6C, 0x6C, 0x6C], SpiRead(0x0F, 3));
    }

    [Fact]
    public void Sw_reset_restores_defaults()
    {
        var (driver, _) = Setup(spi: true);
        driver.Initialize();
        Assert.NotEqual([0x00], SpiRead(0x10, 1));
        _spi.Open(1).Transfer([0x12, 0x01], new byte[2]);
        Assert.Equal([0x00, 0x00, 0x04], SpiRead(0x10, 3));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 4)]
    [InlineData(false, 8)]
    [InlineData(false, 16)]
    [InlineData(true, 2)]
    [InlineData(true, 16)]
    public void At_rest_z_reads_one_g_at_every_range(bool spi, int range)
    {
        var (driver, _) = Setup(spi, new Lsm6dsoOptions { AccelRangeG = range });
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

        var lsb = 0.061e-3 * range / 2 * 9.80665;
        Assert.Equal(9.80665, sum / 200, Math.Max(lsb, 0.02));
        Assert.Equal(22, values[6], 0.05);
    }

    [Theory]
    [InlineData(2, 0b00)]
    [InlineData(16, 0b01)]
    [InlineData(4, 0b10)]
    [InlineData(8, 0b11)]
    public void Accel_full_scale_uses_the_datasheet_codes(int range, int code)
    {
        var (driver, _) = Setup(spi: true, new Lsm6dsoOptions { AccelRangeG = range, OdrHz = 104 });
        driver.Initialize();
        Assert.Equal([(byte)(0x40 | code << 2)], SpiRead(0x10, 1));
    }

    [Theory]
    [InlineData(125, 0x02, 4.375)]
    [InlineData(250, 0x00, 8.75)]
    [InlineData(500, 0x04, 17.5)]
    [InlineData(1000, 0x08, 35)]
    [InlineData(2000, 0x0C, 70)]
    public void Gyro_full_scale_codes_and_sensitivity(int range, int bits, double mdpsPerLsb)
    {
        var (driver, _) = Setup(spi: false, new Lsm6dsoOptions { GyroRangeDps = range, OdrHz = 833 });
        driver.Initialize();
        var ctrl2 = new byte[1];
        _i2c.Open(0x6A).WriteRead([0x11], ctrl2);
        Assert.Equal(0x70 | bits, ctrl2[0]);
        Assert.Equal(mdpsPerLsb, Lsm6dsoScale.GyroMdpsPerLsb(range), 1e-12);
        var values = new double[7];
        driver.Read(values, new Quality[7]);
        Assert.InRange(Math.Abs(values[5]), 0, 0.02);
    }

    [Fact]
    public void Outputs_refresh_at_the_odr_and_status_flags_clear_on_read()
    {
        var (driver, _) = Setup(spi: true, new Lsm6dsoOptions { OdrHz = 12.5 });
        driver.Initialize();
        var first = SpiRead(0x28, 6);
        Assert.Equal([0x00], SpiRead(0x1E, 1).Select(b => (byte)(b & 0x01)).ToArray());
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(first, SpiRead(0x28, 6)); // 80 ms period: still the same sample
        _clock.Advance(TimeSpan.FromMilliseconds(80));
        Assert.Equal(0x07, SpiRead(0x1E, 1)[0]);
        Assert.NotEqual(first, SpiRead(0x28, 6));
    }

    [Fact]
    public void Power_down_outputs_stay_at_reset_value()
    {
        Setup(spi: true);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.All(SpiRead(0x20, 14), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Saturated_axes_are_uncertain()
    {
        var (driver, chip) = Setup(spi: false);
        driver.Initialize();
        chip.StuckAccelRaw = short.MaxValue;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var values = new double[7];
        var qualities = new Quality[7];
        driver.Read(values, qualities);
        Assert.Equal(Quality.SensorNotAccurate, qualities[1]);
        Assert.True(qualities[4].IsGood);
        Assert.Equal(32767 * 0.122e-3 * 9.80665, values[1], 1e-9);
    }

    [Fact]
    public void Wrong_identity_is_refused()
    {
        var (driver, _) = Setup(spi: false, whoAmI: 0x69);
        Assert.Equal("sim:i2c-1 0x6A: WHO_AM_I is 0x69, expected 0x6C (LSM6DSO)", Assert.Throws<DeviceException>(driver.Initialize).Message);
    }

    [Fact]
    public void An_empty_chip_select_reads_all_ones_and_is_refused()
    {
        var driver = new Lsm6dso(_spi.Open(3), new Lsm6dsoOptions());
        Assert.Contains("WHO_AM_I is 0xFF", Assert.Throws<DeviceException>(driver.Initialize).Message);
    }

    [Theory]
    [InlineData(BusFault.Nack)]
    [InlineData(BusFault.Timeout)]
    public void I2c_faults_surface_and_clear(BusFault fault)
    {
        var (driver, _) = Setup(spi: false);
        driver.Initialize();
        _i2c.InjectFault(0x6A, fault);
        Assert.Equal(fault, Assert.Throws<BusException>(() => driver.Read(new double[7], new Quality[7])).Fault);
        _i2c.ClearFault(0x6A);
        driver.Read(new double[7], new Quality[7]);
    }

    [Fact]
    public void Spi_fault_surfaces()
    {
        var (driver, _) = Setup(spi: true);
        driver.Initialize();
        _spi.InjectFault(1, BusFault.IoError);
        Assert.Equal(BusFault.IoError, Assert.Throws<BusException>(() => driver.Read(new double[7], new Quality[7])).Fault);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reading_allocates_nothing(bool spi)
    {
        var (driver, _) = Setup(spi);
        driver.Initialize();
        var values = new double[7];
        var qualities = new Quality[7];
        driver.Read(values, qualities);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 500; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            driver.Read(values, qualities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
