namespace EdgeTwin.Sync.Alignment;

/// <summary>Counters of frame production, written by the aligner's timer thread and readable at any time.</summary>
public sealed class FrameStatistics
{
    private long _emitted;
    private long _late;
    private long _skipped;
    private long _consumerFaults;
    private long _skewLastNs;
    private long _skewMaxNs;

    public long FramesEmitted => Interlocked.Read(ref _emitted);

    /// <summary>Frames that went out when the latency budget ran out, with at least one channel late.</summary>
    public long FramesLate => Interlocked.Read(ref _late);

    /// <summary>Frames never produced because the timer fell further behind than the max backlog.</summary>
    public long FramesSkipped => Interlocked.Read(ref _skipped);

    /// <summary>Exceptions thrown by frame consumers (each is swallowed so the other consumers still get frames).</summary>
    public long ConsumerFaults => Interlocked.Read(ref _consumerFaults);

    /// <summary>
    /// Max minus min of the sample times used for the last frame (both bracketing samples of interpolated
    /// channels, the held sample of the others; stale channels excluded).
    /// </summary>
    public long SkewLastNs => Interlocked.Read(ref _skewLastNs);

    public long SkewMaxNs => Interlocked.Read(ref _skewMaxNs);

    internal void RecordFrame(long skewNs, bool late)
    {
        Interlocked.Increment(ref _emitted);
        Interlocked.Exchange(ref _skewLastNs, skewNs);
        if (skewNs > _skewMaxNs)
        {
            Interlocked.Exchange(ref _skewMaxNs, skewNs);
        }

        if (late)
        {
            Interlocked.Increment(ref _late);
        }
    }

    internal void RecordSkipped(long frames) => Interlocked.Add(ref _skipped, frames);

    internal void RecordConsumerFault() => Interlocked.Increment(ref _consumerFaults);
}
