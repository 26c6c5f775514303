using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Linux.OneWire;

/// <summary>One temperature reading with the quality a sample should carry.</summary>
public readonly record struct Ds18b20Reading(double Celsius, Quality Quality, Ds18b20Status Status);

/// <summary>
/// A DS18B20 (family code 0x28) through the kernel's w1_therm driver. Reading <c>w1_slave</c> starts a
/// conversion and blocks for it (up to 750 ms at 12 bits), so call it from the bus thread, not a timer.
/// Failures become a status and a quality, never an exception: one bad sensor must not stop its bus.
/// </summary>
public sealed class Ds18b20Sensor : ISampledDevice
{
    private static readonly ChannelDescriptor[] ChannelList = [new("temperature", "degC")];

    public const string DefaultRoot = "/sys/bus/w1/devices";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly IOneWireSlave _file;

    public Ds18b20Sensor(string deviceId, string sysfsRoot = DefaultRoot)
        : this(deviceId, new SysfsFile(Path.Combine(sysfsRoot, CheckId(deviceId), "w1_slave"), DeviceKind.OneWire))
    {
    }

    /// <param name="slave">The sensor's w1_slave text source (the sysfs file, or a simulator).</param>
    public Ds18b20Sensor(string deviceId, IOneWireSlave slave)
    {
        ArgumentNullException.ThrowIfNull(slave);
        DeviceId = CheckId(deviceId);
        _file = slave;
    }

    public string DeviceId { get; }

    public string FilePath => _file.Path;

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    /// <exception cref="BusException">The sensor is not on the bus (no w1_slave file).</exception>
    public void Initialize()
    {
        if (!_file.Exists)
        {
            throw DeviceNode.Unavailable(_file.Path, DeviceKind.OneWire, Errno.ENOENT);
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        var reading = Read();
        values[0] = reading.Celsius;
        qualities[0] = reading.Quality;
    }

    /// <summary>The DS18B20s the bus masters have found (directories named 28-*), sorted.</summary>
    /// <exception cref="BusException">The 1-Wire sysfs tree does not exist (the bus is not enabled).</exception>
    public static IReadOnlyList<string> Discover(string sysfsRoot = DefaultRoot)
    {
        if (!Directory.Exists(sysfsRoot))
        {
            throw DeviceNode.Unavailable(sysfsRoot, DeviceKind.OneWire, Errno.ENOENT);
        }

        var ids = Directory.GetDirectories(sysfsRoot, "28-*").Select(Path.GetFileName).OfType<string>().ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        return ids;
    }

    /// <summary>The sensor's <c>w1_slave</c> file under the w1 sysfs tree, for <see cref="Ds18b20Sensor(string, IOneWireSlave)"/>.</summary>
    public static IOneWireSlave SysfsSlave(string deviceId, string sysfsRoot = DefaultRoot) =>
        new SysfsFile(Path.Combine(sysfsRoot, CheckId(deviceId), "w1_slave"), DeviceKind.OneWire);

    /// <summary>True for a DS18B20 id as the kernel names it: family 28, a dash, twelve lower-case hex digits.</summary>
    public static bool IsValidId(string deviceId) =>
        deviceId is { Length: 15 } && deviceId.StartsWith("28-", StringComparison.Ordinal) && deviceId.AsSpan(3).IndexOfAnyExcept(LowerHex) < 0;

    private static string CheckId(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        if (!deviceId.StartsWith("28-", StringComparison.Ordinal) || deviceId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{deviceId}' is not a DS18B20 id (expected 28-xxxxxxxxxxxx)", nameof(deviceId));
        }

        return deviceId;
    }

    public Ds18b20Reading Read()
    {
        Span<byte> buffer = stackalloc byte[W1SlaveParser.MaxLength + 1];
        scoped ReadOnlySpan<byte> text;
        try
        {
            text = _file.Read(buffer);
        }
        catch (BusException)
        {
            return new Ds18b20Reading(double.NaN, Quality.CommunicationError, Ds18b20Status.Missing);
        }

        var status = W1SlaveParser.Parse(text, out var milliCelsius);
        var celsius = milliCelsius / 1000.0;
        return status switch
        {
            Ds18b20Status.Ok => new Ds18b20Reading(celsius, Quality.Good, status),
            Ds18b20Status.PowerOnResetValue => new Ds18b20Reading(celsius, Quality.SensorNotAccurate, status),
            Ds18b20Status.CrcError => new Ds18b20Reading(double.NaN, Quality.CommunicationError, status),
            Ds18b20Status.Malformed => new Ds18b20Reading(double.NaN, Quality.CommunicationError, status),
            _ => new Ds18b20Reading(double.NaN, Quality.DeviceFailure, status),
        };
    }
}
