using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// How the outage tests of both uplink formats stage a broker outage under a running uplink, so that what they assert
/// follows from the order of events rather than from how fast a loaded machine runs.
/// </summary>
internal static class BrokerOutage
{
    /// <summary>Samples per channel produced during an outage: ≥ 2 s at one per 10 ms at most, well over the replay's burst allowance in the tests.</summary>
    public const int BacklogPerChannel = 200;

    /// <summary>Reconnects fast, so a test does not wait on the production backoff.</summary>
    public static MqttReconnectPolicy FastReconnect { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

    /// <summary>A subscriber whose session and QoS 1 queue survive its connection and a graceful broker restart (MQTT 5.0 §3.1.2.4, §3.1.2.11.2).</summary>
    public static MqttClientOptions DurableSubscriber(Mosquitto broker, string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = clientId,
        CleanStart = false,
        SessionExpiryInterval = 3600,
        InboundQueueCapacity = 100_000,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Reconnect = FastReconnect,
    };

    /// <summary>Appends one sample per channel every 10 ms (at most), value = its index, stamped now, until cancelled.</summary>
    public static Task ProduceAsync(SampleStore store, IClock clock, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var batch = new Sample[store.ChannelPaths.Count];
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            for (var c = 0; c < batch.Length; c++)
            {
                batch[c] = new Sample(c, clock.UtcNowNs, i, Quality.Good);
            }

            Assert.Equal(batch.Length, store.Append(batch));
            try
            {
                await Task.Delay(10, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }, CancellationToken.None);

    /// <summary>
    /// Stops the broker and waits until the uplink noticed and every channel has <see cref="BacklogPerChannel"/> more
    /// samples; then holds the uplink's clock (no replay tokens from here until the test releases it), lets the live
    /// window pass so that backlog is history, and starts the broker again. Returns the UTC nanoseconds at which the
    /// outage was noticed and at which the broker was started.
    /// </summary>
    public static async Task<(long Down, long Up)> StageAsync(Mosquitto broker, IUplink uplink, SampleStore store, HeldClock uplinkClock, TimeSpan liveWindow, string what)
    {
        var channels = Enumerable.Range(0, store.ChannelPaths.Count).ToArray();
        broker.Stop();
        await UntilAsync(() => !uplink.Status.Connected, $"the uplink to notice {what}");
        var down = uplinkClock.UtcNowNs;
        var heads = channels.Select(store.CommittedSequence).ToArray();
        await UntilAsync(() => channels.All(c => store.CommittedSequence(c) >= heads[c] + BacklogPerChannel), $"a backlog during {what}");
        uplinkClock.Hold();
        await Task.Delay(liveWindow + TimeSpan.FromMilliseconds(200));
        var up = uplinkClock.UtcNowNs;
        broker.Start();
        return (down, up);
    }

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after 60 s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
