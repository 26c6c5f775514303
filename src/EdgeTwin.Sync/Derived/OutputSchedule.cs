namespace EdgeTwin.Sync.Derived;

/// <summary>
/// Decimates a derivation's output to a fixed rate on the UTC grid: a 1 kHz source need not put a thousand
/// RMS values a second into the twin, the store and the uplink.
/// </summary>
internal struct OutputSchedule(double rateHz)
{
    private readonly long _periodNs = rateHz > 0 ? Math.Max(1, (long)Math.Round(1e9 / rateHz)) : 0;
    private long _nextNs = long.MinValue;

    /// <summary>True when <paramref name="timeNs"/> reaches the next output time (always, when the rate is 0).</summary>
    public bool IsDue(long timeNs)
    {
        if (_periodNs == 0)
        {
            return true;
        }

        if (timeNs < _nextNs)
        {
            return false;
        }

        _nextNs = (Math.DivRem(timeNs, _periodNs, out _) + 1) * _periodNs;
        return true;
    }
}
