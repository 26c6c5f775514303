using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// The hand-off from acquisition threads to the writer: two preallocated sample arrays. Producers copy into the
/// front one under a short lock; the writer swaps them and works on the back one without holding the lock. A full
/// front array drops the excess, counted, so the acquisition path never waits on the disk.
/// </summary>
internal sealed class IngestBuffer
{
    private readonly Lock _gate = new();
    private readonly int _wakeThreshold;
    private readonly Action _wake;
    private Sample[] _front;
    private Sample[] _back;
    private int _count;
    private bool _wakeRequested;
    private long _accepted;
    private long _dropped;

    public IngestBuffer(int capacity, Action wake)
    {
        _front = new Sample[capacity];
        _back = new Sample[capacity];
        _wakeThreshold = capacity / 2;
        _wake = wake;
    }

    public long Accepted => Volatile.Read(ref _accepted);

    public long Dropped => Volatile.Read(ref _dropped);

    public int Append(ReadOnlySpan<Sample> samples)
    {
        int taken;
        var wake = false;
        lock (_gate)
        {
            taken = Math.Min(samples.Length, _front.Length - _count);
            samples[..taken].CopyTo(_front.AsSpan(_count));
            _count += taken;
            _accepted += taken;
            _dropped += samples.Length - taken;
            if (_count >= _wakeThreshold && !_wakeRequested)
            {
                _wakeRequested = true;
                wake = true;
            }
        }

        if (wake)
        {
            _wake();
        }

        return taken;
    }

    /// <summary>Writer thread only: takes everything appended so far. The span stays valid until the next call.</summary>
    public ReadOnlySpan<Sample> Take()
    {
        int count;
        lock (_gate)
        {
            (_front, _back) = (_back, _front);
            count = _count;
            _count = 0;
            _wakeRequested = false;
        }

        return _back.AsSpan(0, count);
    }
}
