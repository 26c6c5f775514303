using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Pwm;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Linux.Spi;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class DeviceNodeErrorTests
{
    private static readonly string Missing = "/dev/edgetwin-missing-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void Missing_i2c_node_names_the_file_and_how_to_enable_i2c()
    {
        var path = Missing + "-i2c-1";
        var ex = Assert.Throws<BusException>(() => LinuxI2cBus.Open(path));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Equal(path, ex.BusName);
        Assert.Contains(path, ex.Message);
        Assert.Contains("dtparam=i2c_arm=on", ex.Message);
        Assert.Contains("/boot/firmware/config.txt", ex.Message);
        Assert.Contains("raspi-config", ex.Message);
    }

    [Fact]
    public void Missing_spi_node_says_how_to_enable_spi()
    {
        var ex = Assert.Throws<BusException>(() => LinuxSpiDevice.Open(Missing + "-spidev0.0", new SpiSettings()));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Contains("spidev0.0", ex.Message);
        Assert.Contains("dtparam=spi=on", ex.Message);
    }

    [Fact]
    public void Missing_gpio_chip_and_unknown_label_are_reported_with_what_was_found()
    {
        var ex = Assert.Throws<BusException>(() => GpioChip.Open(Missing + "-gpiochip0"));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Contains("gpiochip0 does not exist", ex.Message);

        using var tree = new TempTree();
        tree.Write("gpiochip0", "not a device");
        var byLabel = Assert.Throws<BusException>(() => GpioChip.OpenByLabel("pinctrl-rp1", tree.Root));
        Assert.Contains("pinctrl-rp1", byLabel.Message);
        Assert.Contains("gpiochip0", byLabel.Message);
        Assert.Contains("not a GPIO character device", byLabel.Message);
    }

    [Fact]
    public void Missing_serial_node_names_the_dialout_fix()
    {
        var ex = Assert.Throws<BusException>(() => TermiosSerialPort.Open(Missing + "-ttyAMA0", new SerialSettings()));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Contains("enable_uart=1", ex.Message);
    }

    [Fact]
    public void Missing_pwm_chip_and_one_wire_tree_say_which_overlay_to_enable()
    {
        using var tree = new TempTree();
        var pwm = Assert.Throws<BusException>(() => SysfsPwmChannel.Open(0, 0, 1_000_000, sysfsRoot: tree.Root));
        Assert.Contains(Path.Combine(tree.Root, "pwmchip0"), pwm.Message);
        Assert.Contains("dtoverlay=pwm-2chan", pwm.Message);

        var w1 = Assert.Throws<BusException>(() => Ds18b20Sensor.Discover(Path.Combine(tree.Root, "w1")));
        Assert.Contains("dtoverlay=w1-gpio", w1.Message);
    }

    [Fact]
    public void Permission_errors_name_the_group_to_join()
    {
        foreach (var (kind, group) in new[] { (DeviceKind.I2c, "i2c"), (DeviceKind.Spi, "spi"), (DeviceKind.Gpio, "gpio"), (DeviceKind.Serial, "dialout") })
        {
            var message = DeviceAccessHint.Describe("/dev/x", kind, Errno.EACCES);
            Assert.Contains("permission denied on /dev/x", message);
            Assert.Contains($"'{group}' group", message);
            Assert.Contains($"usermod -aG {group}", message);
        }
    }

    [Fact]
    public void A_node_that_is_not_the_right_kind_of_device_is_rejected_by_its_first_ioctl()
    {
        // /dev/null opens fine but answers every ioctl with ENOTTY.
        var i2c = Assert.Throws<BusException>(() => LinuxI2cBus.Open("/dev/null"));
        Assert.Contains("not an I2C adapter", i2c.Message);

        var gpio = Assert.Throws<BusException>(() => GpioChip.Open("/dev/null"));
        Assert.Contains("not a GPIO character device", gpio.Message);

        var spi = Assert.Throws<BusException>(() => LinuxSpiDevice.Open("/dev/null", new SpiSettings { Mode = SpiMode.Mode3 }));
        Assert.Contains("refused mode 0x3", spi.Message);

        var serial = Assert.Throws<BusException>(() => TermiosSerialPort.Open("/dev/null", new SerialSettings()));
        Assert.Contains("not a serial port", serial.Message);
    }
}
