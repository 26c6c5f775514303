namespace EdgeTwin.Mqtt;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits min(max, initial·2ⁿ) shortened by a random fraction
/// of at most <see cref="Jitter"/>, so a fleet of gateways that lost the broker together does not reconnect in
/// lock step. The random source and the delay are injectable so tests run without waiting.
/// </summary>
public sealed class MqttReconnectPolicy
{
    private readonly Func<double> _random;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public MqttReconnectPolicy(
        TimeSpan initialDelay,
        TimeSpan maximumDelay,
        double jitter = 0.2,
        Func<double>? random = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumDelay, initialDelay);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1.0);
        InitialDelay = initialDelay;
        MaximumDelay = maximumDelay;
        Jitter = jitter;
        _random = random ?? Random.Shared.NextDouble;
        _delay = delay ?? Task.Delay;
    }

    public static MqttReconnectPolicy Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));

    public TimeSpan InitialDelay { get; }

    public TimeSpan MaximumDelay { get; }

    public double Jitter { get; }

    /// <param name="attempt">0 for the first retry after a loss.</param>
    public TimeSpan NextDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var exponent = Math.Min(attempt, 30);
        var capped = Math.Min(MaximumDelay.Ticks, InitialDelay.Ticks * (double)(1L << exponent));
        var fraction = Math.Clamp(_random(), 0.0, 1.0);
        return TimeSpan.FromTicks((long)(capped * (1.0 - (Jitter * fraction))));
    }

    public Task DelayAsync(int attempt, CancellationToken cancellationToken) => _delay(NextDelay(attempt), cancellationToken);
}
