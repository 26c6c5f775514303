using System.Globalization;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.Pwm;
using EdgeTwin.Drivers.Linux.Spi;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// Opens the real Linux buses a configuration names: <c>i2c-N</c> → <c>/dev/i2c-N</c>, <c>spiN</c> with
/// address C → <c>/dev/spidevN.C</c>, <c>pwmchipN/M</c> → sysfs PWM, <c>gpiochipN/line</c> → GPIO v2.
/// </summary>
internal static class HardwareBuses
{
    private static readonly Dictionary<string, LinuxI2cBus> I2cBuses = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, GpioChip> GpioChips = new(StringComparer.Ordinal);

    public static ISampledDevice Open(DeviceSettings device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var number = int.Parse(device.Bus.AsSpan(device.Bus.StartsWith("i2c-", StringComparison.Ordinal) ? 4 : 3), CultureInfo.InvariantCulture);
        if (device.Type.Bus == BusKind.I2c)
        {
            LinuxI2cBus? bus;
            lock (I2cBuses)
            {
                if (!I2cBuses.TryGetValue(device.Bus, out bus))
                {
                    bus = LinuxI2cBus.Open(number);
                    I2cBuses.Add(device.Bus, bus);
                }
            }

            return device.Type.Create(bus.CreateDevice(device.Address), device.Options);
        }

        return device.Type.Create(LinuxSpiDevice.Open(number, device.Address, new SpiSettings()), device.Options);
    }

    public static IPwmOutput OpenPwm(string output)
    {
        var (chip, channel) = Split(output, "pwmchip");
        var pwm = SysfsPwmChannel.Open(int.Parse(chip, CultureInfo.InvariantCulture), int.Parse(channel, CultureInfo.InvariantCulture), periodNs: 50_000);
        pwm.Enable();
        return pwm;
    }

    public static IDigitalOutput OpenGpioOutput(string output)
    {
        var (chip, line) = Split(output, "gpiochip");
        GpioChip? gpio;
        lock (GpioChips)
        {
            if (!GpioChips.TryGetValue(chip, out gpio))
            {
                gpio = GpioChip.Open(int.Parse(chip, CultureInfo.InvariantCulture));
                GpioChips.Add(chip, gpio);
            }
        }

        var offset = int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : gpio.FindLine(line);
        return gpio.RequestOutput(offset, initialActive: false);
    }

    private static (string Chip, string Line) Split(string output, string prefix)
    {
        var slash = output.IndexOf('/', StringComparison.Ordinal);
        return (output[prefix.Length..slash], output[(slash + 1)..]);
    }
}
