using System.Globalization;
using System.Text.RegularExpressions;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Devices.Pwm.Pca9685;

namespace EdgeTwin.Service.Configuration;

/// <summary>The <c>Actuators</c> section: outputs the twin commands.</summary>
public static partial class GatewayConfigReader
{
    private static readonly string[] ActuatorTypes = ["speed-reference", "digital", "servo", "pwm"];

    private static List<ActuatorSettings> ReadActuators(ConfigNode? node, IReadOnlyList<DeviceSettings> devices, Dictionary<string, string> paths, List<ConfigError> errors)
    {
        var actuators = new List<ActuatorSettings>();
        if (node is null)
        {
            return actuators;
        }

        var controllers = new Dictionary<string, (double FrequencyHz, string Actuator)>(StringComparer.Ordinal);
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, a) in node.Named())
        {
            var type = a.OneOf("Type", ActuatorTypes, required: true);
            var path = ReadTwinPath(a, "TwinPath");
            if (path is not null)
            {
                Claim(paths, errors, path, a.KeyPath("TwinPath"));
            }

            var kind = type switch
            {
                "digital" => ActuatorKind.Digital,
                "servo" => ActuatorKind.Servo,
                "pwm" => ActuatorKind.Pwm,
                _ => ActuatorKind.SpeedReference,
            };
            var output = a.String("Output", required: true) ?? "";
            Pca9685Output? pca = null;
            double maximum;
            if (kind is ActuatorKind.Servo or ActuatorKind.Pwm)
            {
                pca = ReadPca9685Output(a, kind, type is not null ? output : "", devices, controllers, channels, name);
                maximum = kind == ActuatorKind.Servo ? pca?.TravelDegrees ?? 180 : 100;
            }
            else
            {
                maximum = kind == ActuatorKind.SpeedReference ? a.Double("MaxRpm", 3000, 1, 100_000) : 1;
                if (type is null || output.Length == 0)
                {
                    // Without a valid type there is no telling which kind of output is right.
                }
                else if (kind == ActuatorKind.SpeedReference && !PwmOutputPattern().IsMatch(output))
                {
                    a.Error("Output", $"must name a PWM channel like 'pwmchip0/0', got '{output}'");
                }
                else if (kind == ActuatorKind.Digital && !GpioOutputPattern().IsMatch(output))
                {
                    a.Error("Output", $"must name a GPIO line like 'gpiochip0/17' or 'gpiochip0/GPIO17', got '{output}'");
                }
            }

            var initial = a.Double("Initial", 0, 0, maximum);
            var safe = a.Double("Safe", 0, 0, maximum);
            a.RejectUnknownKeys();
            actuators.Add(new ActuatorSettings(name, kind, path ?? "", kind == ActuatorKind.SpeedReference ? maximum : 1, initial, safe, output) { Pca9685 = pca });
        }

        node.RejectUnknownKeys();
        return actuators;
    }

    /// <summary>The unit a kind of actuator is commanded in (its twin channel's unit).</summary>
    public static string ActuatorUnit(ActuatorKind kind) => kind switch
    {
        ActuatorKind.SpeedReference => "rpm",
        ActuatorKind.Servo => "deg",
        ActuatorKind.Pwm => "%",
        _ => "bool",
    };

    /// <summary>
    /// "i2c-1/0x40/3": channel 3 of the PCA9685 at 0x40 on i2c-1. The chip's address must not be a sensor's, a
    /// channel drives one actuator, and all actuators of one chip share its frequency.
    /// </summary>
    private static Pca9685Output? ReadPca9685Output(
        ConfigNode a,
        ActuatorKind kind,
        string output,
        IReadOnlyList<DeviceSettings> devices,
        Dictionary<string, (double FrequencyHz, string Actuator)> controllers,
        Dictionary<string, string> channels,
        string name)
    {
        var frequency = a.Double("FrequencyHz", kind == ActuatorKind.Servo ? 50 : 1000, 24, 1526);
        double minPulse = 0, maxPulse = 0, travel = 0;
        if (kind == ActuatorKind.Servo)
        {
            minPulse = a.Double("MinPulseUs", 1000, 100, 10_000);
            maxPulse = a.Double("MaxPulseUs", 2000, 100, 10_000);
            travel = a.Double("TravelDegrees", 180, 1, 3600);
            if (maxPulse <= minPulse)
            {
                a.Error("MaxPulseUs", string.Create(CultureInfo.InvariantCulture, $"must be greater than MinPulseUs ({minPulse})"));
            }
            else if (maxPulse >= 1e6 / frequency)
            {
                a.Error("MaxPulseUs", string.Create(CultureInfo.InvariantCulture, $"must be shorter than the {1e6 / frequency:0.#} µs period at {frequency} Hz"));
            }
        }

        if (output.Length == 0)
        {
            return null;
        }

        var match = Pca9685OutputPattern().Match(output);
        var address = match.Success ? int.Parse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : -1;
        var channel = match.Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : -1;
        if (!match.Success || address is < 0x40 or > 0x7F || address == 0x70 || channel >= Pca9685.ChannelCount)
        {
            a.Error("Output", $"must name a PCA9685 channel as '<i2c bus>/<address 0x40..0x7F, not the all-call 0x70>/<channel 0..15>', like 'i2c-1/0x40/0', got '{output}'");
            return null;
        }

        var bus = match.Groups[1].Value;
        var result = new Pca9685Output(bus, address, channel, frequency, minPulse, maxPulse, travel);
        if (devices.FirstOrDefault(d => d.Type.Bus == BusKind.I2c && d.Bus == bus && d.Address == address) is { } device)
        {
            a.Error("Output", $"{bus} 0x{address:X2} is the address of device '{device.Name}'");
        }

        if (controllers.TryGetValue(result.ControllerKey, out var controller) && controller.FrequencyHz != frequency)
        {
            a.Error("FrequencyHz", string.Create(CultureInfo.InvariantCulture,
                $"the PCA9685 at {result.ControllerKey} runs at {controller.FrequencyHz} Hz for actuator '{controller.Actuator}'; one chip has one frequency"));
        }

        controllers.TryAdd(result.ControllerKey, (frequency, name));
        if (!channels.TryAdd(output, name))
        {
            a.Error("Output", $"{output} already drives actuator '{channels[output]}'");
        }

        return result;
    }

    [GeneratedRegex("^pwmchip[0-9]{1,3}/[0-9]{1,3}$")]
    private static partial Regex PwmOutputPattern();

    [GeneratedRegex("^gpiochip[0-9]{1,3}/[A-Za-z0-9_]{1,32}$")]
    private static partial Regex GpioOutputPattern();

    [GeneratedRegex("^(i2c-[0-9]{1,3})/0[xX]([0-9A-Fa-f]{2})/([0-9]{1,2})$")]
    private static partial Regex Pca9685OutputPattern();
}
