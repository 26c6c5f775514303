using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// Real time whose monotonic reading a test can hold still and let go again; it resumes where it stopped, so it
/// never steps. UTC stays real (timestamps, the live window). Given to an uplink, a hold freezes its replay rate
/// limiter: no tokens are earned, so a backlog larger than one burst cannot finish replaying until the test lets
/// time go on — whatever the load on the machine.
/// </summary>
internal sealed class HeldClock(IClock inner) : IClock
{
    private readonly Lock _sync = new();
    private long _offsetNs;
    private long? _heldAtNs;

    public long MonotonicNowNs
    {
        get
        {
            lock (_sync)
            {
                return _heldAtNs ?? (inner.MonotonicNowNs - _offsetNs);
            }
        }
    }

    public long UtcNowNs => inner.UtcNowNs;

    public long ToUtcNs(long monotonicNs)
    {
        lock (_sync)
        {
            return inner.ToUtcNs(monotonicNs + _offsetNs);
        }
    }

    public void SleepUntil(long deadlineNs)
    {
        while (MonotonicNowNs < deadlineNs)
        {
            Thread.Sleep(1);
        }
    }

    public void Hold()
    {
        lock (_sync)
        {
            _heldAtNs ??= inner.MonotonicNowNs - _offsetNs;
        }
    }

    public void Release()
    {
        lock (_sync)
        {
            if (_heldAtNs is { } held)
            {
                _offsetNs = inner.MonotonicNowNs - held;
                _heldAtNs = null;
            }
        }
    }
}
