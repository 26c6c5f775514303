using System.Buffers.Binary;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices.Temperature.Mcp9808;

/// <summary>
/// Register-level MCP9808 on the motor winding: ID registers, the resolution register, and an ambient
/// temperature register that only changes once per conversion time (30/65/130/250 ms by resolution) — so a
/// driver polling faster than that sees repeated values, as on the real part.
/// </summary>
public sealed class Mcp9808Simulator : II2cTarget
{
    private static readonly long[] ConversionNs = [30_000_000, 65_000_000, 130_000_000, 250_000_000];

    private readonly AxisPlant _plant;
    private readonly IClock _clock;
    private readonly GaussianNoise _noise;
    private byte _pointer;
    private byte _resolution = 3; // power-on default: 0.0625 °C
    private ushort _ambient;
    private long _lastConversionNs = long.MinValue;

    public Mcp9808Simulator(AxisPlant plant, IClock clock, int seed)
    {
        _plant = plant;
        _clock = clock;
        _noise = new GaussianNoise(seed);
    }

    /// <summary>Overrides the measured temperature (°C), e.g. to test out-of-range handling; null to release.</summary>
    public double? ForcedCelsius { get; set; }

    public void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _pointer = (byte)(data[0] & 0x0F);
        if (_pointer == 0x08 && data.Length >= 2)
        {
            _resolution = (byte)(data[1] & 0x03);
        }
    }

    public void OnRead(Span<byte> buffer)
    {
        Span<byte> register = stackalloc byte[2];
        switch (_pointer)
        {
            case 0x05:
                Convert();
                BinaryPrimitives.WriteUInt16BigEndian(register, _ambient);
                break;
            case 0x06:
                BinaryPrimitives.WriteUInt16BigEndian(register, Mcp9808.ManufacturerId);
                break;
            case 0x07:
                BinaryPrimitives.WriteUInt16BigEndian(register, Mcp9808.DeviceId << 8);
                break;
            case 0x08:
                register[0] = _resolution;
                register[1] = _resolution;
                break;
            default:
                register.Clear();
                break;
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = register[Math.Min(i, 1)];
        }
    }

    private void Convert()
    {
        var now = _clock.MonotonicNowNs;
        if (_lastConversionNs != long.MinValue && now - _lastConversionNs < ConversionNs[_resolution])
        {
            return;
        }

        _lastConversionNs = now;
        var celsius = ForcedCelsius ?? _plant.Observe(now).WindingCelsius + _noise.Next(0.03);
        var step = 0.5 / (1 << _resolution);
        _ambient = Mcp9808.Encode(Math.Round(celsius / step) * step);
    }
}
