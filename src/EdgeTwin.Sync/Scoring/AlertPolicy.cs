namespace EdgeTwin.Sync.Scoring;

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>
/// When a score becomes an alert. Two levels give hysteresis (raise at or above <see cref="Raise"/>, clear at or
/// below <see cref="Clear"/>), and each edge must hold for its duration, so one noisy window neither raises nor
/// clears an alert (ISA-18.2 §10.4: deadband and on/off delays against chattering alarms).
/// </summary>
public sealed record AlertPolicy(double Raise, double Clear, TimeSpan RaiseAfter, TimeSpan ClearAfter, AlertSeverity Severity)
{
    public void Validate()
    {
        if (!double.IsFinite(Raise) || !double.IsFinite(Clear) || Clear > Raise || RaiseAfter < TimeSpan.Zero || ClearAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"Alert policy: Raise and Clear must be finite with Clear ≤ Raise, delays not negative (got Raise {Raise}, Clear {Clear}).");
        }
    }
}
