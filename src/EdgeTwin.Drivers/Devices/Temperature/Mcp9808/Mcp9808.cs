using System.Buffers.Binary;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Temperature.Mcp9808;

/// <summary>
/// Microchip MCP9808 ±0.25 °C digital temperature sensor over I2C (addresses 0x18–0x1F).
/// </summary>
public sealed class Mcp9808 : ISampledDevice
{
    public const ushort ManufacturerId = 0x0054;
    public const byte DeviceId = 0x04;

    /// <summary>The datasheet's operating range; readings outside it are not trustworthy.</summary>
    public const double MinCelsius = -40;
    public const double MaxCelsius = 125;

    private static readonly ChannelDescriptor[] ChannelList = [new("temperature", "degC")];

    private readonly II2cDevice _device;
    private readonly byte _resolutionBits;

    /// <param name="resolutionCelsius">0.5, 0.25, 0.125 or 0.0625 °C; finer costs conversion time (30–250 ms).</param>
    public Mcp9808(II2cDevice device, double resolutionCelsius = 0.25)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _resolutionBits = resolutionCelsius switch
        {
            0.5 => 0,
            0.25 => 1,
            0.125 => 2,
            0.0625 => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(resolutionCelsius), resolutionCelsius, "resolution must be 0.5, 0.25, 0.125 or 0.0625 °C"),
        };
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public void Initialize()
    {
        var manufacturer = ReadRegister16(Mcp9808Register.ManufacturerId);
        var device = ReadRegister16(Mcp9808Register.DeviceId) >> 8;
        if (manufacturer != ManufacturerId || device != DeviceId)
        {
            throw new DeviceException(
                $"{_device.BusName} 0x{_device.Address:X2}: manufacturer/device id 0x{manufacturer:X4}/0x{device:X2}, expected 0x0054/0x04 (MCP9808)");
        }

        ReadOnlySpan<byte> resolution = [(byte)Mcp9808Register.Resolution, _resolutionBits];
        _device.Write(resolution);
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        var celsius = Decode(ReadRegister16(Mcp9808Register.AmbientTemperature));
        values[0] = celsius;
        qualities[0] = celsius is < MinCelsius or > MaxCelsius ? Quality.SensorNotAccurate : Quality.Good;
    }

    /// <summary>T_A register: bits 15–13 alert flags, bit 12 sign, bits 11–0 in 1/16 °C (datasheet §5.1.3).</summary>
    internal static double Decode(ushort register)
    {
        var magnitude = register & 0x0FFF;
        return (register & 0x1000) != 0 ? (magnitude - 4096) / 16.0 : magnitude / 16.0;
    }

    internal static ushort Encode(double celsius)
    {
        var sixteenths = (int)Math.Round(Math.Clamp(celsius, -256, 255.9375) * 16);
        return (ushort)(sixteenths & 0x1FFF);
    }

    private ushort ReadRegister16(Mcp9808Register register)
    {
        Span<byte> value = stackalloc byte[2];
        ReadOnlySpan<byte> pointer = [(byte)register];
        _device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }
}
