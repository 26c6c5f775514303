using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Alignment;

/// <summary>
/// The recent samples of one channel in timestamp order, in preallocated arrays. Written by the channel's bus
/// thread, read by the aligner's timer thread; both hold <see cref="Gate"/>.
/// </summary>
internal sealed class ChannelRing
{
    private readonly long[] _times;
    private readonly double[] _values;
    private readonly uint[] _qualities;
    private int _oldest;
    private long _publishedNewest = long.MinValue;

    public ChannelRing(int capacity)
    {
        _times = new long[capacity];
        _values = new double[capacity];
        _qualities = new uint[capacity];
    }

    public Lock Gate { get; } = new();

    public int Count { get; private set; }

    public long NewestTime => Count == 0 ? long.MinValue : _times[Physical(Count - 1)];

    /// <summary>The newest timestamp, readable without <see cref="Gate"/> (for the readiness check only).</summary>
    public long PublishedNewestTime => Volatile.Read(ref _publishedNewest);

    /// <summary>Appends a sample; refuses one not newer than the newest (a replay or a duplicate).</summary>
    public bool TryAppend(in Sample sample)
    {
        if (Count > 0 && sample.TimestampNs <= NewestTime)
        {
            return false;
        }

        if (Count == _times.Length)
        {
            _oldest = (_oldest + 1) % _times.Length;
            Count--;
        }

        var i = Physical(Count);
        _times[i] = sample.TimestampNs;
        _values[i] = sample.Value;
        _qualities[i] = sample.Quality.Code;
        Count++;
        Volatile.Write(ref _publishedNewest, sample.TimestampNs);
        return true;
    }

    /// <summary>Logical index (0 = oldest) of the newest sample at or before <paramref name="timeNs"/>, or −1.</summary>
    public int FindAtOrBefore(long timeNs)
    {
        int lo = 0, hi = Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[Physical(mid)] <= timeNs)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    public long TimeAt(int index) => _times[Physical(index)];

    public double ValueAt(int index) => _values[Physical(index)];

    public Quality QualityAt(int index) => new(_qualities[Physical(index)]);

    private int Physical(int index)
    {
        var i = _oldest + index;
        return i >= _times.Length ? i - _times.Length : i;
    }
}
