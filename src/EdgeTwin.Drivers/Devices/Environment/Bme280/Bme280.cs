using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Environment.Bme280;

/// <summary>
/// Bosch BME280 temperature / pressure / humidity sensor over I2C (0x76 with SDO low, 0x77 high). Runs in
/// normal mode; one 8-byte burst from 0xF7 reads all three ADC values of the same measurement (the data
/// registers are shadowed during a burst, §5.4.8), compensated with the chip's own trim values.
/// </summary>
public sealed class Bme280 : ISampledDevice
{
    public const byte ChipIdValue = 0x60;

    /// <summary>What the data registers hold for a measurement that was skipped or has not run yet (§5.4.7–5.4.9).</summary>
    internal const int SkippedPressureOrTemperature = 0x80000;
    internal const int SkippedHumidity = 0x8000;

    private static readonly ChannelDescriptor[] ChannelList =
    [
        new("temperature", "degC"),
        new("pressure", "Pa"),
        new("humidity", "%RH"),
    ];

    private readonly II2cDevice _device;
    private readonly byte _oversampling;
    private readonly byte _filter;
    private Bme280Calibration _calibration;

    /// <param name="oversampling">1, 2, 4, 8 or 16 for all three measurements.</param>
    /// <param name="filter">IIR filter coefficient: 0 (off), 2, 4, 8 or 16.</param>
    public Bme280(II2cDevice device, int oversampling = 1, int filter = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _oversampling = oversampling switch
        {
            1 => 1,
            2 => 2,
            4 => 3,
            8 => 4,
            16 => 5,
            _ => throw new ArgumentOutOfRangeException(nameof(oversampling), oversampling, "oversampling must be 1, 2, 4, 8 or 16"),
        };
        _filter = filter switch
        {
            0 => 0,
            2 => 1,
            4 => 2,
            8 => 3,
            16 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "filter coefficient must be 0, 2, 4, 8 or 16"),
        };
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public Bme280Calibration Calibration => _calibration;

    public void Initialize()
    {
        Span<byte> id = stackalloc byte[1];
        Read(Bme280Register.ChipId, id);
        if (id[0] != ChipIdValue)
        {
            var hint = id[0] is 0x56 or 0x57 or 0x58 ? " — a BMP280 has no humidity sensor" : "";
            throw new DeviceException($"{_device.BusName} 0x{_device.Address:X2}: chip id is 0x{id[0]:X2}, expected 0x60 (BME280){hint}");
        }

        Span<byte> block1 = stackalloc byte[Bme280Calibration.Block1Length];
        Span<byte> block2 = stackalloc byte[Bme280Calibration.Block2Length];
        Read(Bme280Register.CalibT1, block1);
        Read(Bme280Register.CalibH2, block2);
        _calibration = Bme280Calibration.Parse(block1, block2);
        if (_calibration.T1 == 0 || _calibration.P1 == 0)
        {
            throw new DeviceException($"{_device.BusName} 0x{_device.Address:X2}: trim values are blank (dig_T1={_calibration.T1}, dig_P1={_calibration.P1})");
        }

        // ctrl_hum only takes effect with the following write to ctrl_meas (§5.4.3); t_sb 0.5 ms in config.
        Write(Bme280Register.Config, (byte)(_filter << 2));
        Write(Bme280Register.CtrlHum, _oversampling);
        Write(Bme280Register.CtrlMeas, (byte)(_oversampling << 5 | _oversampling << 2 | 0b11));
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> raw = stackalloc byte[8];
        Read(Bme280Register.PressMsb, raw);
        var adcP = raw[0] << 12 | raw[1] << 4 | raw[2] >> 4;
        var adcT = raw[3] << 12 | raw[4] << 4 | raw[5] >> 4;
        var adcH = raw[6] << 8 | raw[7];

        if (adcT == SkippedPressureOrTemperature)
        {
            // Pressure and humidity need t_fine, so without a temperature nothing can be compensated.
            values[..3].Clear();
            qualities[..3].Fill(Quality.WaitingForInitialData);
            return;
        }

        var centi = _calibration.CompensateTemperature(adcT, out var tFine);
        values[0] = centi / 100.0;
        qualities[0] = values[0] is < -40 or > 85 ? Quality.SensorNotAccurate : Quality.Good;

        if (adcP == SkippedPressureOrTemperature)
        {
            values[1] = 0;
            qualities[1] = Quality.WaitingForInitialData;
        }
        else
        {
            values[1] = _calibration.CompensatePressure(adcP, tFine) / 256.0;
            qualities[1] = values[1] is < 30_000 or > 110_000 ? Quality.SensorNotAccurate : Quality.Good;
        }

        if (adcH == SkippedHumidity)
        {
            values[2] = 0;
            qualities[2] = Quality.WaitingForInitialData;
        }
        else
        {
            values[2] = _calibration.CompensateHumidity(adcH, tFine) / 1024.0;
            qualities[2] = values[2] is <= 0 or >= 100 ? Quality.SensorNotAccurate : Quality.Good;
        }
    }

    private void Read(Bme280Register register, Span<byte> values)
    {
        ReadOnlySpan<byte> address = [(byte)register];
        _device.WriteRead(address, values);
    }

    private void Write(Bme280Register register, byte value)
    {
        ReadOnlySpan<byte> data = [(byte)register, value];
        _device.Write(data);
    }
}
