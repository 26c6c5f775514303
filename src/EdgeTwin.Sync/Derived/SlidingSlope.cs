namespace EdgeTwin.Sync.Derived;

/// <summary>
/// Least-squares slope (units per second) of the (time, value) points inside a time window ending at the
/// newest point. Preallocated ring; the fit is recomputed over the window on each point, with times and
/// values centred on their means so nanosecond epoch timestamps do not cost precision.
/// </summary>
internal sealed class SlidingSlope
{
    private readonly long[] _times;
    private readonly double[] _values;
    private readonly long _windowNs;
    private int _newest = -1;
    private int _count;

    public SlidingSlope(TimeSpan window, double rateHz)
    {
        _windowNs = window.Ticks * 100;
        var capacity = (int)Math.Min(1 << 16, Math.Ceiling(window.TotalSeconds * rateHz * 1.5) + 4);
        _times = new long[capacity];
        _values = new double[capacity];
    }

    /// <summary>Slope per second, NaN until the window holds two points at distinct times.</summary>
    public double PerSecond { get; private set; } = double.NaN;

    public void Add(long timeNs, double value)
    {
        if (_count > 0 && timeNs <= _times[_newest])
        {
            return;
        }

        _newest = (_newest + 1) % _times.Length;
        _times[_newest] = timeNs;
        _values[_newest] = value;
        _count = Math.Min(_count + 1, _times.Length);
        while (_count > 1 && timeNs - _times[Index(_count - 1)] > _windowNs)
        {
            _count--;
        }

        PerSecond = Fit();
    }

    // Logical age 0 = newest.
    private int Index(int age) => (_newest - age + _times.Length) % _times.Length;

    private double Fit()
    {
        if (_count < 2)
        {
            return double.NaN;
        }

        var t0 = _times[_newest];
        double meanT = 0, meanV = 0;
        for (var k = 0; k < _count; k++)
        {
            var i = Index(k);
            meanT += (_times[i] - t0) / 1e9;
            meanV += _values[i];
        }

        meanT /= _count;
        meanV /= _count;
        double stt = 0, stv = 0;
        for (var k = 0; k < _count; k++)
        {
            var i = Index(k);
            var dt = ((_times[i] - t0) / 1e9) - meanT;
            stt += dt * dt;
            stv += dt * (_values[i] - meanV);
        }

        return stt > 0 ? stv / stt : double.NaN;
    }
}
