namespace EdgeTwin.Sync.Uplink;

/// <summary>Forwards the store's samples to a broker with the store as the outbox (JSON: <see cref="MqttUplink"/>, Sparkplug B: <see cref="Sparkplug.SparkplugUplink"/>).</summary>
public interface IUplink : IAsyncDisposable
{
    UplinkStatus Status { get; }

    /// <summary>The sequence up to which <paramref name="channel"/> is acknowledged, as the outbox cursor records it.</summary>
    long DurableCursor(int channel);

    /// <summary>Connects (retrying while the broker is away), then forwards until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
