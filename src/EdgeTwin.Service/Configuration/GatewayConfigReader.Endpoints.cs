using System.Globalization;
using System.Text.RegularExpressions;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Linux.OneWire;
using EdgeTwin.Drivers.Linux.Serial;

namespace EdgeTwin.Service.Configuration;

/// <summary>Where a device sits, by bus kind, and the MPU-6050's FIFO polling (validated against its rate).</summary>
public static partial class GatewayConfigReader
{
    /// <summary>Keys only some bus kinds use, accepted (not validated) when the type is unknown.</summary>
    private static readonly string[] EndpointKeys = ["BaudRate", "Parity", "StopBits", "SensorId", "Lines"];

    /// <summary>
    /// Reads the bus and address keys the type's bus kind needs and rejects two devices on one endpoint
    /// (an I2C address, a chip select, a UART, a 1-Wire id, a GPIO line).
    /// </summary>
    private static DeviceSettings ReadEndpoint(ConfigNode d, string name, DeviceType type, Dictionary<string, string> taken)
    {
        var settings = new DeviceSettings(name, type, "", 0, type.DefaultRateHz, new Dictionary<string, double>(), [], null);
        switch (type.Bus)
        {
            case BusKind.I2c:
            case BusKind.Spi:
            {
                var i2c = type.Bus == BusKind.I2c;
                var bus = d.String("Bus", required: true);
                if (bus is not null && !(i2c ? I2cBusPattern() : SpiBusPattern()).IsMatch(bus))
                {
                    d.Error("Bus", i2c
                        ? $"must name an I2C bus like 'i2c-1' (/dev/i2c-1), got '{bus}'"
                        : $"must name a SPI bus like 'spi0' (/dev/spidev0.*), got '{bus}'");
                }

                var address = i2c ? d.Int("Address", -1, 0x03, 0x77, required: true) : d.Int("Address", -1, 0, 7, required: true);
                if (bus is not null && address >= 0)
                {
                    var shown = i2c ? $"0x{address:X2}" : $"chip select {address}";
                    Take(d, "Address", taken, $"{bus} {shown}", name);
                }

                return settings with { Bus = bus ?? "", Address = address };
            }

            case BusKind.Serial:
            {
                var port = d.String("Bus", required: true);
                if (port is not null && (!SerialPortPattern().IsMatch(port) || port.Contains("..", StringComparison.Ordinal)))
                {
                    d.Error("Bus", $"must name a serial device like '/dev/ttyAMA0', '/dev/serial0' or '/dev/ttyUSB0', got '{port}'");
                }
                else if (port is not null)
                {
                    Take(d, "Bus", taken, port, name);
                }

                var baud = d.Int("BaudRate", 115200, 1200, 1_000_000);
                if (!BaudRates.Contains(baud))
                {
                    d.Error("BaudRate", $"must be one of {string.Join(", ", BaudRates)}, got {baud}");
                }

                var parity = d.OneOf("Parity", ["none", "even", "odd"], fallback: "none");
                var stopBits = d.Int("StopBits", 1, 1, 2);
                return settings with
                {
                    Bus = port ?? "",
                    Serial = new SerialSettings
                    {
                        BaudRate = baud,
                        Parity = parity switch { "even" => SerialParity.Even, "odd" => SerialParity.Odd, _ => SerialParity.None },
                        StopBits = stopBits == 2 ? SerialStopBits.Two : SerialStopBits.One,
                    },
                };
            }

            case BusKind.OneWire:
            {
                var bus = d.OneOf("Bus", ["w1"], fallback: "w1");
                var id = d.String("SensorId", required: true);
                if (id is not null && !Ds18b20Sensor.IsValidId(id))
                {
                    d.Error("SensorId", $"must be a DS18B20 id as listed in /sys/bus/w1/devices, like '28-0316a2794aff', got '{id}'");
                }
                else if (id is not null)
                {
                    Take(d, "SensorId", taken, $"1-Wire sensor {id}", name);
                }

                return settings with { Bus = bus ?? "w1", SensorId = id ?? "" };
            }

            default:
            {
                var chip = d.String("Bus", required: true);
                if (chip is not null && !GpioChipPattern().IsMatch(chip))
                {
                    d.Error("Bus", $"must name a GPIO chip like 'gpiochip0' (/dev/gpiochip0), got '{chip}'");
                }

                var lines = ReadLines(d.Child("Lines", required: true));
                if (chip is not null && lines is not null)
                {
                    foreach (var line in lines.All.Distinct(StringComparer.Ordinal))
                    {
                        Take(d, "Lines", taken, $"{chip} line {line}", name);
                    }
                }

                return settings with { Bus = chip ?? "", Lines = lines };
            }
        }
    }

    private static GpioLineNames? ReadLines(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }

        string? Line(string key, bool required)
        {
            var line = node.String(key, required);
            if (line is not null && !GpioLinePattern().IsMatch(line))
            {
                node.Error(key, $"must be a line offset like '23' or a line name like 'GPIO23', got '{line}'");
                return null;
            }

            return line;
        }

        var a = Line("A", required: true);
        var b = Line("B", required: true);
        var index = Line("Index", required: false);
        node.RejectUnknownKeys();
        if (a is not null && a == b)
        {
            node.Error("B", $"A and B must be different lines, both are '{a}'");
        }

        return a is null || b is null ? null : new GpioLineNames(a, b, index);
    }

    /// <summary>
    /// With FifoPollHz the sampler polls at that rate and the chip samples at RateHz on its own clock: the rate
    /// must be one the chip can make (1 kHz / 1..250, register map §4.2) and one poll must find at most
    /// <see cref="DeviceCatalog.Mpu6050FifoMaxFramesPerPoll"/> frames, so the 73-frame FIFO survives a late poll.
    /// </summary>
    private static double? ReadFifoPolling(ConfigNode d, double rateHz, Dictionary<string, double> options)
    {
        if (!options.TryGetValue(DeviceCatalog.FifoPollOption, out var pollHz) || pollHz == 0)
        {
            return null;
        }

        var key = $"Options:{DeviceCatalog.FifoPollOption}";
        var divider = 1000 / rateHz;
        if (Math.Abs(divider - Math.Round(divider)) > 1e-9 || Math.Round(divider) is < 1 or > 250)
        {
            d.Error("RateHz", string.Create(CultureInfo.InvariantCulture,
                $"with {key} the chip samples on its own clock at 1000 Hz divided by 1..250 (1000, 500, 250, 200, 125, 100, 50, ...), got {rateHz}"));
            return null;
        }

        if (pollHz > rateHz)
        {
            d.Error(key, string.Create(CultureInfo.InvariantCulture, $"must not exceed RateHz ({rateHz}), got {pollHz}"));
            return null;
        }

        if (rateHz / pollHz > DeviceCatalog.Mpu6050FifoMaxFramesPerPoll)
        {
            d.Error(key, string.Create(CultureInfo.InvariantCulture,
                $"must be at least {Math.Ceiling(rateHz / DeviceCatalog.Mpu6050FifoMaxFramesPerPoll)} Hz at RateHz {rateHz}: the FIFO holds 73 frames and overflows between slower polls"));
            return null;
        }

        return pollHz;
    }

    private static void Take(ConfigNode d, string key, Dictionary<string, string> taken, string endpoint, string device)
    {
        if (!taken.TryAdd(endpoint, device))
        {
            d.Error(key, $"{endpoint} is already used by device '{taken[endpoint]}'");
        }
    }

    private static readonly int[] BaudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000];

    [GeneratedRegex("^/dev/[A-Za-z0-9_.:/+-]{1,100}$")]
    private static partial Regex SerialPortPattern();

    [GeneratedRegex("^gpiochip[0-9]{1,3}$")]
    private static partial Regex GpioChipPattern();

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex GpioLinePattern();
}
