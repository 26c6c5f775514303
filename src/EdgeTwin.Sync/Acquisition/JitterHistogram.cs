namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// Wake-up lateness per device in power-of-two microsecond buckets: constant memory, no allocation, and a
/// p99 good to a factor of two — enough to tell a healthy 20 µs from a starving 2 ms.
/// </summary>
internal sealed class JitterHistogram
{
    private const int Buckets = 32;
    private readonly long[] _counts = new long[Buckets];
    private long _total;
    private long _sumNs;
    private long _maxNs;

    public void Record(long latenessNs)
    {
        var us = (ulong)Math.Max(0, latenessNs / 1000);
        var bucket = us == 0 ? 0 : Math.Min(Buckets - 1, 64 - (int)ulong.LeadingZeroCount(us));
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sumNs, latenessNs);
        if (latenessNs > Interlocked.Read(ref _maxNs))
        {
            Interlocked.Exchange(ref _maxNs, latenessNs);
        }
    }

    public long MaxNs => Interlocked.Read(ref _maxNs);

    public double MeanNs
    {
        get
        {
            var n = Interlocked.Read(ref _total);
            return n == 0 ? 0 : (double)Interlocked.Read(ref _sumNs) / n;
        }
    }

    /// <summary>The upper edge of the bucket holding the given quantile (ns).</summary>
    public long QuantileNs(double quantile)
    {
        var total = Interlocked.Read(ref _total);
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (var b = 0; b < Buckets; b++)
        {
            seen += Interlocked.Read(ref _counts[b]);
            if (seen >= rank)
            {
                return (1L << b) * 1000;
            }
        }

        return MaxNs;
    }
}
