using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Environment.Bme280;

/// <summary>
/// Register-level BME280 reading the air around the machine: chip id, soft reset (0xB6 to 0xE0), trim values,
/// sleep / forced / normal mode, oversampling settings including "skipped" (0x80000 / 0x8000 outputs), ctrl_hum
/// taking effect only after a ctrl_meas write, the status "measuring" bit during a conversion, and the register
/// pointer's auto-increment. ADC values are found by inverting the datasheet compensation, so a driver that
/// compensates correctly reads back the simulated air to within the chip's resolution.
/// </summary>
public sealed class Bme280Simulator : II2cTarget
{
    /// <summary>Trim values of a typical part (the datasheet's worked example for T and P; usual H values).</summary>
    public static readonly Bme280Calibration TypicalTrim = new(
        27504, 26435, -1000,
        36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
        75, 362, 0, 313, 50, 30);

    private readonly byte[] _registers = new byte[256];
    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly GaussianNoise _noise;
    private readonly Bme280Calibration _trim;
    private readonly byte _chipId;
    private byte _activeHumidityOversampling;
    private int _pointer;
    private long _conversionEndNs = long.MinValue;
    private long _nextNormalNs = long.MinValue;

    public Bme280Simulator(AxisPlant plant, IClock clock, int seed, Bme280Calibration? trim = null, byte chipId = Bme280.ChipIdValue)
    {
        _plant = plant;
        _clock = clock;
        _noise = new GaussianNoise(seed);
        _trim = trim ?? TypicalTrim;
        _chipId = chipId;
        Reset();
    }

    /// <summary>The simulated air; null takes ambient from the plant, 101 325 Pa and 45 %RH.</summary>
    public double? ForcedCelsius { get; set; }

    public double? ForcedPascal { get; set; }

    public double? ForcedHumidity { get; set; }

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        // An I2C write is pairs of register address and data (§6.2.1); a lone address sets the read pointer.
        _pointer = data[0];
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            WriteRegister(data[i], data[i + 1]);
        }
    }

    public void OnRead(Span<byte> buffer)
    {
        Update();
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _registers[_pointer];
            _pointer = (_pointer + 1) & 0xFF;
        }
    }

    private void WriteRegister(int register, byte value)
    {
        Update();
        switch (register)
        {
            case (int)Bme280Register.Reset when value == 0xB6:
                Reset();
                break;
            case (int)Bme280Register.CtrlHum:
                _registers[register] = (byte)(value & 0x07);
                break;
            case (int)Bme280Register.CtrlMeas:
                _registers[register] = value;
                _activeHumidityOversampling = _registers[(int)Bme280Register.CtrlHum];
                var mode = value & 0b11;
                if (mode == 0b01 || mode == 0b10)
                {
                    StartConversion(_clock.MonotonicNowNs);
                }
                else if (mode == 0b11)
                {
                    _nextNormalNs = _clock.MonotonicNowNs;
                }

                break;
            case (int)Bme280Register.Config:
                _registers[register] = (byte)(value & 0xFD);
                break;
        }
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[(int)Bme280Register.ChipId] = _chipId;
        _trim.Write(_registers.AsSpan((int)Bme280Register.CalibT1, Bme280Calibration.Block1Length), _registers.AsSpan((int)Bme280Register.CalibH2, Bme280Calibration.Block2Length));

        // Data registers' reset values are the "skipped" outputs (§5.3 memory map).
        _registers[0xF7] = 0x80;
        _registers[0xFA] = 0x80;
        _registers[0xFD] = 0x80;
        _activeHumidityOversampling = 0;
        _conversionEndNs = long.MinValue;
        _nextNormalNs = long.MinValue;
    }

    /// <summary>Typical measurement time in ns (§9.1): 1 ms + 2 ms per oversampled T, P and H sample, plus 0.5 ms for each of P and H.</summary>
    private long MeasurementNs()
    {
        var meas = _registers[(int)Bme280Register.CtrlMeas];
        var t = Samples(meas >> 5);
        var p = Samples(meas >> 2);
        var h = Samples(_activeHumidityOversampling);
        var us = 1000 + 2000 * t + (p > 0 ? 2000 * p + 500 : 0) + (h > 0 ? 2000 * h + 500 : 0);
        return us * 1000L;
    }

    private static int Samples(int code) => (code & 0x07) switch
    {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        4 => 8,
        _ => 16,
    };

    private void StartConversion(long nowNs)
    {
        _conversionEndNs = nowNs + MeasurementNs();
        _registers[(int)Bme280Register.Status] |= 0x08;
    }

    private void Update()
    {
        var now = _clock.MonotonicNowNs;
        var mode = _registers[(int)Bme280Register.CtrlMeas] & 0b11;
        if (mode == 0b11 && _conversionEndNs == long.MinValue && _nextNormalNs != long.MinValue && now >= _nextNormalNs)
        {
            StartConversion(_nextNormalNs);
        }

        if (_conversionEndNs == long.MinValue || now < _conversionEndNs)
        {
            return;
        }

        Complete();
        _registers[(int)Bme280Register.Status] &= unchecked((byte)~0x08);
        if (mode == 0b11)
        {
            // Standby t_sb (§3.3.4, table 27) then the next conversion; a reader sees the latest finished one.
            var standbyUs = (_registers[(int)Bme280Register.Config] >> 5) switch
            {
                0 => 500,
                1 => 62_500,
                2 => 125_000,
                3 => 250_000,
                4 => 500_000,
                5 => 1_000_000,
                6 => 10_000,
                _ => 20_000,
            };
            var cycle = MeasurementNs() + standbyUs * 1000L;
            _nextNormalNs = _conversionEndNs + standbyUs * 1000L;
            if (now - _nextNormalNs > cycle)
            {
                _nextNormalNs += (now - _nextNormalNs) / cycle * cycle;
            }

            _conversionEndNs = long.MinValue;
            if (now >= _nextNormalNs)
            {
                StartConversion(_nextNormalNs);
            }
        }
        else
        {
            _conversionEndNs = long.MinValue;
            _registers[(int)Bme280Register.CtrlMeas] &= 0xFC; // forced mode returns to sleep
        }
    }

    private void Complete()
    {
        var meas = _registers[(int)Bme280Register.CtrlMeas];
        var celsius = ForcedCelsius ?? _plant.Parameters.AmbientCelsius + _noise.Next(0.01);
        var pascal = ForcedPascal ?? 101_325 + _noise.Next(1.5);
        var humidity = ForcedHumidity ?? 45 + _noise.Next(0.05);

        var adcT = Samples(meas >> 5) == 0 ? Bme280.SkippedPressureOrTemperature : InvertTemperature(celsius);
        _trim.CompensateTemperature(adcT, out var tFine);
        var adcP = Samples(meas >> 2) == 0 ? Bme280.SkippedPressureOrTemperature : InvertPressure(pascal, tFine);
        var adcH = Samples(_activeHumidityOversampling) == 0 ? Bme280.SkippedHumidity : InvertHumidity(humidity, tFine);

        var data = _registers.AsSpan((int)Bme280Register.PressMsb, 8);
        data[0] = (byte)(adcP >> 12);
        data[1] = (byte)(adcP >> 4);
        data[2] = (byte)(adcP << 4);
        data[3] = (byte)(adcT >> 12);
        data[4] = (byte)(adcT >> 4);
        data[5] = (byte)(adcT << 4);
        data[6] = (byte)(adcH >> 8);
        data[7] = (byte)adcH;
    }

    // Each compensation is monotonic in its ADC value, so a bisection over the 20- or 16-bit range inverts it.
    private int InvertTemperature(double celsius)
    {
        var target = (long)Math.Round(Math.Clamp(celsius, -40, 85) * 100);
        return Bisect(Quantity.Temperature, 0xFFFFF, target, 0);
    }

    private int InvertPressure(double pascal, int tFine)
    {
        var target = (long)Math.Round(Math.Clamp(pascal, 30_000, 110_000) * 256);
        return Bisect(Quantity.Pressure, 0xFFFFF, target, tFine);
    }

    private int InvertHumidity(double percent, int tFine)
    {
        var target = (long)Math.Round(Math.Clamp(percent, 0, 100) * 1024);
        return Bisect(Quantity.Humidity, 0xFFFF, target, tFine);
    }

    /// <summary>The smallest ADC value in [0, hi] whose compensated value reaches the target (pressure falls with its ADC value).</summary>
    private int Bisect(Quantity quantity, int hi, long target, int tFine)
    {
        var lo = 0;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var reached = quantity switch
            {
                Quantity.Temperature => _trim.CompensateTemperature(mid, out _) >= target,
                Quantity.Pressure => _trim.CompensatePressure(mid, tFine) <= target,
                _ => _trim.CompensateHumidity(mid, tFine) >= target,
            };
            if (reached)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private enum Quantity
    {
        Temperature,
        Pressure,
        Humidity,
    }
}
