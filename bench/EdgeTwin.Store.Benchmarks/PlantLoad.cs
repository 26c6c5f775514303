using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Store.Benchmarks;

/// <summary>
/// A simulated-plant-like channel mix: vibration (16-bit ADC, 1 kHz), encoder counts (1 kHz), motor current
/// (12-bit ADC, 1 kHz) and slow temperatures (0.0625 °C steps, 10 Hz). Deterministic for reproducible numbers.
/// </summary>
internal sealed class PlantLoad
{
    private readonly Random _random = new(42);
    private readonly double[] _encoder;

    public PlantLoad(int fastChannels, int slowChannels)
    {
        FastChannels = fastChannels;
        SlowChannels = slowChannels;
        _encoder = new double[fastChannels];
        Paths = [
            .. Enumerable.Range(0, fastChannels).Select(i => $"plant/fast/{i}"),
            .. Enumerable.Range(0, slowChannels).Select(i => $"plant/slow/{i}"),
        ];
    }

    public int FastChannels { get; }

    public int SlowChannels { get; }

    public string[] Paths { get; }

    /// <summary>Samples due in the millisecond <paramref name="ms"/> (fast channels every ms, slow ones every 100 ms).</summary>
    public int Fill(long ms, long t0Ns, Span<Sample> destination)
    {
        var n = 0;
        var t = t0Ns + (ms * 1_000_000L);
        for (var c = 0; c < FastChannels; c++)
        {
            double value;
            switch (c % 3)
            {
                case 0:
                    const double lsb = 20.0 / 65536;
                    value = Math.Round(((2.0 * Math.Sin(2 * Math.PI * 50 * ms / 1000.0)) + (0.01 * Gaussian())) / lsb) * lsb;
                    break;
                case 1:
                    _encoder[c] += 102.4 * (1 + (0.05 * Math.Sin(ms / 3000.0)) + (0.01 * Gaussian()));
                    value = Math.Floor(_encoder[c]);
                    break;
                default:
                    const double amps = 10.0 / 4096;
                    value = Math.Round((4 + (0.5 * Math.Sin(2 * Math.PI * ms / 20_000.0)) + (0.02 * Gaussian())) / amps) * amps;
                    break;
            }

            destination[n++] = new Sample(c, t, value, Quality.Good);
        }

        if (ms % 100 == 0)
        {
            for (var c = 0; c < SlowChannels; c++)
            {
                var celsius = 40 + c + (5 * Math.Sin(2 * Math.PI * ms / 600_000.0)) + (0.03 * Gaussian());
                destination[n++] = new Sample(FastChannels + c, t, Math.Round(celsius / 0.0625) * 0.0625, Quality.Good);
            }
        }

        return n;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
