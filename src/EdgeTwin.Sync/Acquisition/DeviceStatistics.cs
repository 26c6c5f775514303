namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// Counters of one device's acquisition, written by its bus thread and read by anyone (logs, OPC UA, CLI).
/// </summary>
public sealed class DeviceStatistics
{
    private readonly JitterHistogram _jitter = new();
    private long _reads;
    private long _errors;
    private long _missed;
    private long _overflows;
    private long _samples;
    private string? _lastError;

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Failed reads (bus errors, device faults).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Sampling periods that were skipped because the thread woke too late: samples never taken.</summary>
    public long MissedPeriods => Interlocked.Read(ref _missed);

    /// <summary>On-chip buffer (FIFO) overflows of a batched device: each lost the samples taken while it was full.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Samples (frames) delivered by a batched device; equals <see cref="Reads"/> for a device read per sample.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    public string? LastError => Volatile.Read(ref _lastError);

    public long JitterMaxNs => _jitter.MaxNs;

    public double JitterMeanNs => _jitter.MeanNs;

    public long JitterP99Ns => _jitter.QuantileNs(0.99);

    internal void RecordRead(long latenessNs)
    {
        Interlocked.Increment(ref _reads);
        _jitter.Record(latenessNs);
    }

    internal void RecordSamples(long frames) => Interlocked.Add(ref _samples, frames);

    internal void RecordOverflows(long overflows) => Interlocked.Add(ref _overflows, overflows);

    internal void RecordMissed(long periods) => Interlocked.Add(ref _missed, periods);

    internal void RecordError(string message)
    {
        Interlocked.Increment(ref _errors);
        if (!string.Equals(_lastError, message, StringComparison.Ordinal))
        {
            Volatile.Write(ref _lastError, message);
        }
    }

    internal void ClearError() => Volatile.Write(ref _lastError, null);
}
