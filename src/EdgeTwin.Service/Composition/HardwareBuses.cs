using System.Globalization;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using EdgeTwin.Drivers.Devices.Pwm.Pca9685;
using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Pwm;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Linux.Spi;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// Opens the real Linux buses a configuration names: <c>i2c-N</c> → <c>/dev/i2c-N</c>, <c>spiN</c> with
/// address C → <c>/dev/spidevN.C</c>, a serial device path → termios, 1-Wire ids → <c>/sys/bus/w1</c>,
/// <c>pwmchipN/M</c> → sysfs PWM, <c>gpiochipN/line</c> → GPIO v2, <c>i2c-N/0xAA/C</c> → a PCA9685 channel.
/// </summary>
internal static class HardwareBuses
{
    /// <summary>Kernel edge-event queue per encoder line: ~1 ms of edges at 1 MHz, far more than one poll period needs.</summary>
    private const uint EncoderEventBuffer = 1024;

    private static readonly Dictionary<string, LinuxI2cBus> I2cBuses = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, GpioChip> GpioChips = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Pca9685> Pca9685s = new(StringComparer.Ordinal);

    public static ISampledDevice Open(DeviceSettings device, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(device);
        object endpoint = device.Type.Bus switch
        {
            BusKind.I2c => I2cBus(device.Bus).CreateDevice(device.Address),
            BusKind.Spi => LinuxSpiDevice.Open(Number(device.Bus, "spi"), device.Address, new SpiSettings()),
            BusKind.Serial => TermiosSerialPort.Open(device.Bus, (device.Serial ?? new SerialSettings()) with
            {
                // Wait at most one read period for a line, so a silent port delays nothing else.
                ReadTimeoutMs = (int)Math.Clamp(1000 / device.ReadRateHz, 1, 100),
            }),
            BusKind.OneWire => Ds18b20Sensor.SysfsSlave(device.SensorId ?? ""),
            _ => OpenEncoderLines(device),
        };
        return device.Type.Create(endpoint, device.Options, device.RateHz, clock);
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
        var gpio = Chip(chip);
        return gpio.RequestOutput(Offset(gpio, line), initialActive: false);
    }

    /// <summary>The PCA9685 at the output's address, initialized once and shared by every actuator on it.</summary>
    public static Pca9685 OpenPca9685(Pca9685Output output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (Pca9685s)
        {
            if (!Pca9685s.TryGetValue(output.ControllerKey, out var controller))
            {
                controller = new Pca9685(I2cBus(output.Bus).CreateDevice(output.Address), output.FrequencyHz);
                controller.Initialize();
                Pca9685s.Add(output.ControllerKey, controller);
            }

            return controller;
        }
    }

    private static QuadratureInputs OpenEncoderLines(DeviceSettings device)
    {
        var lines = device.Lines ?? throw new InvalidOperationException($"device '{device.Name}' has no GPIO lines");
        var chip = Chip(device.Bus["gpiochip".Length..]);
        var options = new GpioInputOptions
        {
            Edge = GpioEdge.Both,
            DebounceUs = (uint)device.Type.Option(device.Options, "DebounceUs"),
            EventBufferSize = EncoderEventBuffer,
        };
        var a = chip.RequestInput(Offset(chip, lines.A), options);
        var b = chip.RequestInput(Offset(chip, lines.B), options);
        var index = lines.Index is null ? null : chip.RequestInput(Offset(chip, lines.Index), options with { Edge = GpioEdge.Rising });
        return new QuadratureInputs(a, b, index, a.Read(), b.Read());
    }

    private static LinuxI2cBus I2cBus(string name)
    {
        lock (I2cBuses)
        {
            if (!I2cBuses.TryGetValue(name, out var bus))
            {
                bus = LinuxI2cBus.Open(Number(name, "i2c-"));
                I2cBuses.Add(name, bus);
            }

            return bus;
        }
    }

    private static GpioChip Chip(string number)
    {
        lock (GpioChips)
        {
            if (!GpioChips.TryGetValue(number, out var gpio))
            {
                gpio = GpioChip.Open(int.Parse(number, CultureInfo.InvariantCulture));
                GpioChips.Add(number, gpio);
            }

            return gpio;
        }
    }

    private static int Offset(GpioChip chip, string line) =>
        int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : chip.FindLine(line);

    private static int Number(string bus, string prefix) => int.Parse(bus.AsSpan(prefix.Length), CultureInfo.InvariantCulture);

    private static (string Chip, string Line) Split(string output, string prefix)
    {
        var slash = output.IndexOf('/', StringComparison.Ordinal);
        return (output[prefix.Length..slash], output[(slash + 1)..]);
    }
}
