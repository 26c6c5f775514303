using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Registers;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Temperature.Max31865;

/// <summary>
/// Maxim MAX31865 RTD-to-digital converter over SPI (mode 1 or 3) for PT100/PT1000 elements. Runs in
/// auto-conversion mode; the fault thresholds are set to the resistances at −200 °C and 850 °C (the
/// IEC 60751 range), so an open element (full-scale code) or a short trips a fault. A reading with the fault
/// bit set reports the fault status register as Bad_SensorFailure and clears the fault for the next read.
/// </summary>
public sealed class Max31865 : ISampledDevice
{
    public const double MinCelsius = -200;
    public const double MaxCelsius = 850;

    private static readonly ChannelDescriptor[] ChannelList = [new("temperature", "degC"), new("resistance", "ohm")];

    private readonly SpiRegisterPort _port;
    private readonly Max31865Options _options;
    private readonly byte _config;

    public Max31865(ISpiDevice device, Max31865Options options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NominalOhms is not (100 or 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.NominalOhms, "the element must be a PT100 or PT1000");
        }

        if (options.ReferenceOhms <= options.NominalOhms * 1.2 || options.ReferenceOhms > options.NominalOhms * 10)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReferenceOhms, "the reference resistor must be 1.2 to 10 times R0 (430 Ω for a PT100)");
        }

        _port = new SpiRegisterPort(device, readBitSet: false);
        _options = options;
        _config = (byte)(Max31865Config.Vbias | Max31865Config.AutoConversion
            | (options.Wires switch
            {
                3 => Max31865Config.ThreeWire,
                2 or 4 => 0,
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Wires, "wires must be 2, 3 or 4"),
            })
            | (options.MainsHz switch
            {
                50 => Max31865Config.Filter50Hz,
                60 => 0,
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.MainsHz, "mains frequency must be 50 or 60 Hz"),
            }));
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    /// <summary>The fault status register (datasheet table 7) of the last faulted read; 0 if none.</summary>
    public byte LastFault { get; private set; }

    public void Initialize()
    {
        WriteThreshold(Max31865Register.HighFaultMsb, Code(CallendarVanDusen.Resistance(MaxCelsius, _options.NominalOhms)));
        WriteThreshold(Max31865Register.LowFaultMsb, Code(CallendarVanDusen.Resistance(MinCelsius, _options.NominalOhms)));
        _port.Write((byte)Max31865Register.Configuration, (byte)(_config | Max31865Config.FaultClear));

        // No identity register: the configuration must read back (fault clear is self-clearing) — an empty chip
        // select reads 0xFF, a stuck MISO 0x00.
        Span<byte> back = stackalloc byte[1];
        _port.Read((byte)Max31865Register.Configuration, back);
        if (back[0] != _config)
        {
            throw new DeviceException($"{_port.Describe}: configuration reads back 0x{back[0]:X2}, wrote 0x{_config:X2}; no MAX31865 on this chip select?");
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> rtd = stackalloc byte[2];
        _port.Read((byte)Max31865Register.RtdMsb, rtd);
        var code = (rtd[0] << 8 | rtd[1]) >> 1;
        if ((rtd[1] & 0x01) != 0)
        {
            Span<byte> fault = stackalloc byte[1];
            _port.Read((byte)Max31865Register.FaultStatus, fault);
            LastFault = fault[0];
            _port.Write((byte)Max31865Register.Configuration, (byte)(_config | Max31865Config.FaultClear));
            values[0] = double.NaN;
            values[1] = code * _options.ReferenceOhms / 32768;
            qualities[0] = Quality.SensorFailure;
            qualities[1] = Quality.SensorFailure;
            return;
        }

        var ohms = code * _options.ReferenceOhms / 32768;
        var celsius = CallendarVanDusen.Temperature(ohms, _options.NominalOhms);
        values[0] = celsius;
        values[1] = ohms;
        var quality = celsius is < MinCelsius or > MaxCelsius or double.NaN ? Quality.SensorNotAccurate : Quality.Good;
        qualities[0] = quality;
        qualities[1] = quality;
    }

    /// <summary>The 15-bit ADC code for a resistance: code = R / R_REF · 2^15 (datasheet "RTD resistance register").</summary>
    internal int Code(double ohms) => (int)Math.Clamp(Math.Round(ohms / _options.ReferenceOhms * 32768), 0, 0x7FFF);

    private void WriteThreshold(Max31865Register msb, int code)
    {
        var shifted = code << 1;
        _port.Write((byte)msb, (byte)(shifted >> 8));
        _port.Write((byte)(msb + 1), (byte)shifted);
    }
}
