namespace EdgeTwin.Sync.Scoring;

public enum AlertTransition
{
    None,
    Raised,
    Cleared,
}

/// <summary>The alert of one score: inactive ⇄ active by the <see cref="AlertPolicy"/>'s levels and delays.</summary>
public sealed class AlertStateMachine
{
    private readonly AlertPolicy _policy;
    private readonly long _raiseAfterNs;
    private readonly long _clearAfterNs;
    private long _edgeSinceNs = long.MinValue;

    public AlertStateMachine(AlertPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        _policy = policy;
        _raiseAfterNs = policy.RaiseAfter.Ticks * 100;
        _clearAfterNs = policy.ClearAfter.Ticks * 100;
    }

    public AlertPolicy Policy => _policy;

    public bool Active { get; private set; }

    /// <summary>When the alert was last raised or cleared (UTC ns); <see cref="long.MinValue"/> before the first.</summary>
    public long ChangedAtNs { get; private set; } = long.MinValue;

    /// <summary>Feeds one score at <paramref name="timeNs"/>. A NaN score (no usable window) changes nothing.</summary>
    public AlertTransition Update(long timeNs, double score)
    {
        if (double.IsNaN(score))
        {
            return AlertTransition.None;
        }

        var beyond = Active ? score <= _policy.Clear : score >= _policy.Raise;
        if (!beyond)
        {
            _edgeSinceNs = long.MinValue;
            return AlertTransition.None;
        }

        if (_edgeSinceNs == long.MinValue)
        {
            _edgeSinceNs = timeNs;
        }

        if (timeNs - _edgeSinceNs < (Active ? _clearAfterNs : _raiseAfterNs))
        {
            return AlertTransition.None;
        }

        Active = !Active;
        ChangedAtNs = timeNs;
        _edgeSinceNs = long.MinValue;
        return Active ? AlertTransition.Raised : AlertTransition.Cleared;
    }
}
