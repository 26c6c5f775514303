namespace EdgeTwin.Sync.Scoring;

/// <summary>
/// Minutes until a trending signal reaches its upper limit at its current rate, e.g. a winding temperature
/// climbing toward its insulation class limit. The signal is averaged into buckets of window / points; the
/// rate is the Theil–Sen slope (median of all pairwise slopes; Sen 1968), which a spike or a dropped reading
/// cannot swing the way it swings a least-squares fit, and the current level is the median of the points
/// projected to the newest time along that slope. All buffers are allocated once.
/// </summary>
public sealed class TimeToLimit
{
    private const int MinimumPoints = 5;

    private readonly long[] _times;
    private readonly double[] _values;
    private readonly double[] _pairSlopes;
    private readonly double[] _levels;
    private readonly long _bucketNs;
    private int _newest = -1;
    private int _count;
    private long _bucketStartNs = long.MinValue;
    private double _bucketSum;
    private int _bucketCount;

    /// <param name="limit">The level that must not be reached (same unit as the signal).</param>
    /// <param name="window">How much history the slope looks at.</param>
    /// <param name="points">Buckets in the window (2..256).</param>
    public TimeToLimit(double limit, TimeSpan window, int points = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, MinimumPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 256);
        if (!double.IsFinite(limit) || window <= TimeSpan.Zero)
        {
            throw new ArgumentException("TimeToLimit: the limit must be finite and the window positive.");
        }

        Limit = limit;
        _bucketNs = Math.Max(1, window.Ticks * 100 / points);
        _times = new long[points];
        _values = new double[points];
        _pairSlopes = new double[points * (points - 1) / 2];
        _levels = new double[points];
    }

    public double Limit { get; }

    /// <summary>Minutes until the limit at the current rate; 0 at or above it; NaN when not approaching it or not yet known.</summary>
    public double Minutes { get; private set; } = double.NaN;

    /// <summary>The robust slope in units per minute; NaN until enough points.</summary>
    public double SlopePerMinute { get; private set; } = double.NaN;

    public void Add(long timeNs, double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (_bucketStartNs == long.MinValue)
        {
            _bucketStartNs = timeNs;
        }
        else if (timeNs - _bucketStartNs >= _bucketNs)
        {
            if (_bucketCount > 0)
            {
                Push(_bucketStartNs + (_bucketNs / 2), _bucketSum / _bucketCount);
            }

            // Align to the bucket grid so a gap leaves empty buckets out instead of stretching one.
            _bucketStartNs += (timeNs - _bucketStartNs) / _bucketNs * _bucketNs;
            _bucketSum = 0;
            _bucketCount = 0;
        }

        _bucketSum += value;
        _bucketCount++;
    }

    private void Push(long timeNs, double value)
    {
        _newest = (_newest + 1) % _times.Length;
        _times[_newest] = timeNs;
        _values[_newest] = value;
        _count = Math.Min(_count + 1, _times.Length);
        // Points older than the window (after a gap) do not describe the current trend.
        var windowNs = _bucketNs * _times.Length;
        while (_count > 1 && timeNs - _times[Index(_count - 1)] >= windowNs)
        {
            _count--;
        }

        Estimate();
    }

    private int Index(int age) => (_newest - age + _times.Length) % _times.Length;

    private void Estimate()
    {
        if (_count < MinimumPoints)
        {
            SlopePerMinute = double.NaN;
            Minutes = double.NaN;
            return;
        }

        var pairs = 0;
        for (var a = 0; a < _count; a++)
        {
            for (var b = a + 1; b < _count; b++)
            {
                int i = Index(a), j = Index(b);
                _pairSlopes[pairs++] = (_values[i] - _values[j]) / ((_times[i] - _times[j]) / 60e9);
            }
        }

        var slope = Median(_pairSlopes.AsSpan(0, pairs));
        var newestNs = _times[_newest];
        for (var a = 0; a < _count; a++)
        {
            var i = Index(a);
            _levels[a] = _values[i] + (slope * ((newestNs - _times[i]) / 60e9));
        }

        var level = Median(_levels.AsSpan(0, _count));
        SlopePerMinute = slope;
        Minutes = level >= Limit ? 0 : slope > 0 ? (Limit - level) / slope : double.NaN;
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }
}
