namespace EdgeTwin.Sync.Alignment;

/// <summary>
/// How well one channel keeps up with the frames. Written by the channel's bus thread (intervals) and the
/// aligner's timer thread (latency, staleness) under the channel's ring lock; readable at any time.
/// </summary>
public sealed class ChannelSyncStatistics
{
    private readonly Lock _gate;
    private readonly long _nominalIntervalNs;
    private long _samples;
    private long _rejected;
    private long _lastSampleNs = long.MinValue;
    private long _intervals;
    private double _intervalSum;
    private double _intervalSquares;
    private long _jitterMaxNs;
    private long _latencyLastNs;
    private long _latencyMaxNs;
    private double _latencySum;
    private long _latencies;
    private long _staleFrames;
    private long _lateFrames;

    internal ChannelSyncStatistics(Lock gate, double rateHz)
    {
        _gate = gate;
        _nominalIntervalNs = (long)Math.Round(1e9 / rateHz);
    }

    public long Samples { get { lock (_gate) { return _samples; } } }

    /// <summary>Samples refused because they were not newer than the channel's newest.</summary>
    public long RejectedSamples { get { lock (_gate) { return _rejected; } } }

    /// <summary>Timestamp of the newest sample (UTC ns), <see cref="long.MinValue"/> before the first.</summary>
    public long LastSampleNs { get { lock (_gate) { return _lastSampleNs; } } }

    public double MeanIntervalNs { get { lock (_gate) { return _intervals == 0 ? 0 : _intervalSum / _intervals; } } }

    /// <summary>Standard deviation of the inter-sample intervals.</summary>
    public double JitterNs
    {
        get
        {
            lock (_gate)
            {
                if (_intervals < 2)
                {
                    return 0;
                }

                var mean = _intervalSum / _intervals;
                return Math.Sqrt(Math.Max(0, (_intervalSquares / _intervals) - (mean * mean)));
            }
        }
    }

    /// <summary>Largest deviation of an inter-sample interval from the nominal 1/rate.</summary>
    public long JitterMaxNs { get { lock (_gate) { return _jitterMaxNs; } } }

    /// <summary>Frame emission time minus the newest sample time used, for the last frame.</summary>
    public long LatencyLastNs { get { lock (_gate) { return _latencyLastNs; } } }

    public long LatencyMaxNs { get { lock (_gate) { return _latencyMaxNs; } } }

    public double LatencyMeanNs { get { lock (_gate) { return _latencies == 0 ? 0 : _latencySum / _latencies; } } }

    /// <summary>Frames in which this channel's value was older than its max age.</summary>
    public long StaleFrames { get { lock (_gate) { return _staleFrames; } } }

    /// <summary>Frames that went out before this channel had a sample at or after the frame time.</summary>
    public long LateFrames { get { lock (_gate) { return _lateFrames; } } }

    /// <summary>Age of the newest sample at <paramref name="nowUtcNs"/>; <see cref="long.MaxValue"/> before the first.</summary>
    public long AgeNs(long nowUtcNs)
    {
        var last = LastSampleNs;
        return last == long.MinValue ? long.MaxValue : nowUtcNs - last;
    }

    // The callers below hold _gate.
    internal void RecordSample(long timestampNs)
    {
        _samples++;
        if (_lastSampleNs != long.MinValue)
        {
            var interval = timestampNs - _lastSampleNs;
            _intervals++;
            _intervalSum += interval;
            _intervalSquares += (double)interval * interval;
            _jitterMaxNs = Math.Max(_jitterMaxNs, Math.Abs(interval - _nominalIntervalNs));
        }

        _lastSampleNs = timestampNs;
    }

    internal void RecordRejected() => _rejected++;

    internal void RecordFrame(long latencyNs, bool stale, bool late)
    {
        _latencyLastNs = latencyNs;
        _latencyMaxNs = _latencies == 0 ? latencyNs : Math.Max(_latencyMaxNs, latencyNs);
        _latencySum += latencyNs;
        _latencies++;
        if (stale)
        {
            _staleFrames++;
        }

        if (late)
        {
            _lateFrames++;
        }
    }
}
