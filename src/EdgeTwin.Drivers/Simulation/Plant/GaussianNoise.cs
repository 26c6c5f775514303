namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>
/// Seeded normal noise (Marsaglia polar method), one instance per simulated device so runs are repeatable and
/// bus threads never share a generator.
/// </summary>
public sealed class GaussianNoise(int seed)
{
    private readonly Random _random = new(seed);
    private double _spare;
    private bool _hasSpare;

    public double Next(double sigma)
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare * sigma;
        }

        double u, v, s;
        do
        {
            u = _random.NextDouble() * 2 - 1;
            v = _random.NextDouble() * 2 - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * factor;
        _hasSpare = true;
        return u * factor * sigma;
    }
}
