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
    private string? _lastError;

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Failed reads (bus errors, device faults).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Sampling periods that were skipped because the thread woke too late: samples never taken.</summary>
    public long MissedPeriods => Interlocked.Read(ref _missed);

    public string? LastError => Volatile.Read(ref _lastError);

    public long JitterMaxNs => _jitter.MaxNs;

    public double JitterMeanNs => _jitter.MeanNs;

    public long JitterP99Ns => _jitter.QuantileNs(0.99);

    internal void RecordRead(long latenessNs)
    {
        Interlocked.Increment(ref _reads);
        _jitter.Record(latenessNs);
    }

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
