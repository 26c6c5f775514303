namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>Which kind of device node a path is, so an access error can say how to fix it.</summary>
internal enum DeviceKind
{
    I2c,
    Spi,
    Gpio,
    Pwm,
    Serial,
    OneWire,
}

/// <summary>
/// What a user must do when a node is missing or not accessible. Group names and config.txt lines are those of
/// Raspberry Pi OS (udev rules in raspberrypi-sys-mods; dtparam/dtoverlay names from /boot/firmware/overlays/README).
/// </summary>
internal static class DeviceAccessHint
{
    public static string Group(DeviceKind kind) => kind switch
    {
        DeviceKind.I2c => "i2c",
        DeviceKind.Spi => "spi",
        DeviceKind.Gpio => "gpio",
        DeviceKind.Pwm => "gpio",
        DeviceKind.Serial => "dialout",
        _ => "root",
    };

    public static string HowToEnable(DeviceKind kind) => kind switch
    {
        DeviceKind.I2c => "enable I2C with dtparam=i2c_arm=on in /boot/firmware/config.txt (raspi-config → Interface Options → I2C) and load the i2c-dev module (modprobe i2c-dev)",
        DeviceKind.Spi => "enable SPI with dtparam=spi=on in /boot/firmware/config.txt (raspi-config → Interface Options → SPI)",
        DeviceKind.Gpio => "check the chip number with gpiodetect; the GPIO character device needs a kernel built with CONFIG_GPIO_CDEV",
        DeviceKind.Pwm => "enable hardware PWM with dtoverlay=pwm-2chan in /boot/firmware/config.txt and reboot",
        DeviceKind.Serial => "enable the UART with enable_uart=1 in /boot/firmware/config.txt and turn off the serial login shell (raspi-config → Interface Options → Serial Port), or check the USB adapter's name under /dev/serial/by-id",
        DeviceKind.OneWire => "enable 1-Wire with dtoverlay=w1-gpio in /boot/firmware/config.txt (raspi-config → Interface Options → 1-Wire) and check the sensor's wiring and 4.7 kΩ pull-up",
        _ => "",
    };

    public static string Describe(string path, DeviceKind kind, int errno) => errno switch
    {
        Errno.ENOENT or Errno.ENODEV or Errno.ENXIO =>
            $"{path} does not exist: {HowToEnable(kind)}",
        Errno.EACCES or Errno.EPERM =>
            $"permission denied on {path}: add the service user to the '{Group(kind)}' group (sudo usermod -aG {Group(kind)} <user>, then log in again or restart the service)",
        Errno.EBUSY =>
            $"{path} is busy: another process or a kernel driver holds it ({Errno.Describe(errno)})",
        _ => $"cannot open {path}: {Errno.Describe(errno)}",
    };
}
