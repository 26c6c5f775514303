using EdgeTwin.Mqtt;

namespace EdgeTwin.Sync.Uplink;

/// <summary>How the uplink forwards the store's samples; the wire format is in docs/uplink.md.</summary>
public sealed record UplinkOptions
{
    /// <summary>The gateway's name: the second topic level and the payload's <c>gateway</c>.</summary>
    public required string Gateway { get; init; }

    /// <summary>Topics are <c>&lt;TopicPrefix&gt;/&lt;Gateway&gt;/data/&lt;twin path&gt;</c>.</summary>
    public string TopicPrefix { get; init; } = "edgetwin";

    /// <summary>The outbox destination whose cursors this uplink advances.</summary>
    public string Destination { get; init; } = "mqtt";

    /// <summary>When the link comes up (first or after any outage), unsent samples older than this are replayed as history; newer ones go live.</summary>
    public TimeSpan LiveWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rate limit of the historical replay, over all channels, so the backlog does not swamp the link.</summary>
    public double ReplaySamplesPerSecond { get; init; } = 2000;

    public int MaxSamplesPerMessage { get; init; } = 500;

    /// <summary>Unacknowledged messages per channel and flow.</summary>
    public int WindowPerFlow { get; init; } = 4;

    /// <summary>How often live samples are gathered into messages.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Pause after a refused publish before anything is sent again: capped exponential with jitter, reset by the
    /// next acknowledged message, so a broker that refuses (e.g. not authorized) is not hammered.
    /// </summary>
    public MqttReconnectPolicy RefusalBackoff { get; init; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(TopicPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(Destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(LiveWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReplaySamplesPerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSamplesPerMessage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSamplesPerMessage, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowPerFlow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(RefusalBackoff);
    }
}
