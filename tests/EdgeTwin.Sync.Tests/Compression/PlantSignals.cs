namespace EdgeTwin.Sync.Tests.Compression;

/// <summary>
/// Signals shaped like the simulated plant's: what sensors deliver after their ADC, i.e. quantized values with
/// regular sample times. Deterministic (fixed seeds) so ratios are reproducible.
/// </summary>
internal static class PlantSignals
{
    public const long T0 = 1_795_000_000_000_000_000L;

    /// <summary>A 50 Hz vibration-like sine plus noise, sampled at 1 kHz by a 16-bit ADC with a ±10 V range.</summary>
    public static (long[] T, double[] V) VibrationAdc(int count, int seed = 1)
    {
        var random = new Random(seed);
        var t = new long[count];
        var v = new double[count];
        const double lsb = 20.0 / 65536;
        for (var i = 0; i < count; i++)
        {
            t[i] = T0 + (i * 1_000_000L);
            var volts = (2.0 * Math.Sin(2 * Math.PI * 50 * i / 1000.0)) + (0.01 * Gaussian(random));
            v[i] = Math.Round(volts / lsb) * lsb;
        }

        return (t, v);
    }

    /// <summary>A slowly drifting temperature at 10 Hz from a 12-bit digital sensor (0.0625 °C steps, e.g. DS18B20, MCP9808).</summary>
    public static (long[] T, double[] V) Temperature(int count, int seed = 2)
    {
        var random = new Random(seed);
        var t = new long[count];
        var v = new double[count];
        for (var i = 0; i < count; i++)
        {
            t[i] = T0 + (i * 100_000_000L);
            var celsius = 40 + (5 * Math.Sin(2 * Math.PI * i / 6000.0)) + (0.03 * Gaussian(random));
            v[i] = Math.Round(celsius / 0.0625) * 0.0625;
        }

        return (t, v);
    }

    /// <summary>A quadrature encoder count at 1 kHz on a motor whose speed wanders around 1500 rpm (4096 counts/rev).</summary>
    public static (long[] T, double[] V) EncoderCounts(int count, int seed = 3)
    {
        var random = new Random(seed);
        var t = new long[count];
        var v = new double[count];
        double position = 0;
        for (var i = 0; i < count; i++)
        {
            t[i] = T0 + (i * 1_000_000L);
            var countsPerMs = 4096 * 1500 / 60_000.0 * (1 + (0.05 * Math.Sin(i / 3000.0)) + (0.01 * Gaussian(random)));
            position += countsPerMs;
            v[i] = Math.Floor(position);
        }

        return (t, v);
    }

    /// <summary>Unquantized sine plus noise at 1 kHz: the worst realistic case, for reference.</summary>
    public static (long[] T, double[] V) RawSineNoise(int count, int seed = 4)
    {
        var random = new Random(seed);
        var t = new long[count];
        var v = new double[count];
        for (var i = 0; i < count; i++)
        {
            t[i] = T0 + (i * 1_000_000L);
            v[i] = Math.Sin(2 * Math.PI * 50 * i / 1000.0) + (0.01 * Gaussian(random));
        }

        return (t, v);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
