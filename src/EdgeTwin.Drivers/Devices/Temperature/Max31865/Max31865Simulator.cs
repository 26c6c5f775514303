using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Temperature.Max31865;

/// <summary>The state of the simulated RTD element and its wiring.</summary>
public enum RtdElement
{
    Ok,
    Open,
    Shorted,
}

/// <summary>
/// Register-level MAX31865 with a platinum RTD in the motor winding: reset values (configuration 0x00,
/// thresholds 0xFFFF/0x0000), write addresses with bit 7 set and auto-increment, conversions only with
/// V_BIAS on (auto mode or one-shot), the RTD LSB fault bit and fault status register driven by the
/// thresholds, and the self-clearing fault-clear bit.
/// </summary>
public sealed class Max31865Simulator(AxisPlant plant, IClock clock, double nominalOhms, double referenceOhms, int seed) : ISpiTarget
{
    private readonly byte[] _registers = [0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00];
    private readonly GaussianNoise _noise = new(seed);

    public RtdElement Element { get; set; } = RtdElement.Ok;

    /// <summary>Overrides the element's temperature (°C); null follows the plant's winding.</summary>
    public double? ForcedCelsius { get; set; }

    public void OnTransfer(ReadOnlySpan<byte> mosi, Span<byte> miso)
    {
        miso.Clear();
        if (mosi.IsEmpty)
        {
            return;
        }

        var address = mosi[0] & 0x7F;
        if ((mosi[0] & 0x80) != 0)
        {
            foreach (var value in mosi[1..])
            {
                Write(address, value);
                address = (address + 1) & 0x07;
            }

            return;
        }

        if (address == (int)Max31865Register.RtdMsb)
        {
            Convert();
        }

        for (var i = 1; i < mosi.Length; i++)
        {
            miso[i] = _registers[address];
            address = (address + 1) & 0x07;
        }
    }

    private void Write(int address, byte value)
    {
        switch (address)
        {
            case (int)Max31865Register.Configuration:
                if ((value & Max31865Config.FaultClear) != 0)
                {
                    _registers[(int)Max31865Register.FaultStatus] = 0;
                    _registers[(int)Max31865Register.RtdLsb] &= 0xFE;
                }

                _registers[0] = (byte)(value & ~Max31865Config.FaultClear);
                break;
            case >= 3 and <= 6:
                _registers[address] = value;
                break;
        }
    }

    private void Convert()
    {
        var config = _registers[0];
        if ((config & Max31865Config.Vbias) == 0 || (config & (Max31865Config.AutoConversion | Max31865Config.OneShot)) == 0)
        {
            return; // no bias, no conversion: the register keeps its last value
        }

        _registers[0] = (byte)(config & ~Max31865Config.OneShot);
        var celsius = ForcedCelsius ?? plant.Observe(clock.MonotonicNowNs).WindingCelsius + _noise.Next(0.02);
        var code = Element switch
        {
            RtdElement.Open => 0x7FFF,
            RtdElement.Shorted => 0,
            _ => (int)Math.Clamp(Math.Round(CallendarVanDusen.Resistance(celsius, nominalOhms) / referenceOhms * 32768), 0, 0x7FFF),
        };

        var high = _registers[3] << 8 | _registers[4];
        var low = _registers[5] << 8 | _registers[6];
        var fault = _registers[(int)Max31865Register.FaultStatus];
        if (code << 1 >= high)
        {
            fault |= 0x80;
        }

        if (code << 1 <= low)
        {
            fault |= 0x40;
        }

        if (Element == RtdElement.Open)
        {
            fault |= 0x08; // D3: RTDIN- < 0.85 × V_BIAS, FORCE- open (datasheet table 7)
        }

        _registers[(int)Max31865Register.FaultStatus] = fault;
        var shifted = code << 1 | (fault != 0 ? 1 : 0);
        _registers[1] = (byte)(shifted >> 8);
        _registers[2] = (byte)shifted;
    }
}
