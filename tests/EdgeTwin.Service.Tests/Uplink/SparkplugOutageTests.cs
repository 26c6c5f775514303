using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;
using EdgeTwin.Sync.Uplink.Sparkplug;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// <see cref="SparkplugUplink"/> across a real mosquitto restart: the lost session ends, the next one births with
/// bdSeq + 1 and seq from 0, the samples produced during the outage replay as historical DDATA while live DDATA goes
/// out at once (the first live DDATA arrives before the replay ends), and every sample arrives — the same outage
/// handling as the JSON uplink, from the same engine.
/// </summary>
public sealed class SparkplugOutageTests
{
    private static readonly TimeSpan LiveWindow = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_broker_outage_ends_the_session_and_the_next_one_births_anew_and_replays_the_backlog_as_history()
    {
        using var dir = new TempDirectory();
        using var broker = new Mosquitto();
        broker.Start();
        var clock = new SystemClock();
        await using var host = new MqttClient(BrokerOutage.DurableSubscriber(broker, "sparkplug-outage-host"));
        await host.ConnectAsync();
        await host.SubscribeAsync("spBv1.0/plant/#", MqttQualityOfService.AtLeastOnce);
        var seen = new List<(SparkplugMessageType Type, SparkplugPayload Payload)>();
        var drain = Task.Run(async () =>
        {
            await foreach (var m in host.Messages.ReadAllAsync())
            {
                lock (seen)
                {
                    seen.Add((SparkplugTopic.Parse(m.Topic).Type, SparkplugPayloadReader.Read(m.Payload.Span)));
                }
            }
        });

        await using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMilliseconds(20), BlockSamples = 64 }, ["line/a"], clock);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var producer = BrokerOutage.ProduceAsync(store, clock, stop.Token);

        // As in UplinkOutageTests: a burst allowance (100 samples) below the outage's backlog, and the uplink's
        // monotonic clock held around the reconnect, so the replay cannot end before live DDATA was seen.
        var sparkplug = new SparkplugOptions { GroupId = "plant", EdgeNodeId = "gw", ChannelDevices = ["line"], BdSeqFile = dir.File("bdseq") };
        var options = new UplinkOptions { Gateway = "gw", LiveWindow = LiveWindow, ReplaySamplesPerSecond = 100, MaxSamplesPerMessage = 25 };
        var client = new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "sparkplug-outage-gw", Reconnect = BrokerOutage.FastReconnect, ConnectTimeout = TimeSpan.FromSeconds(5) };
        var uplinkClock = new HeldClock(clock);
        await using var uplink = new SparkplugUplink(store, client, options, sparkplug, uplinkClock);
        using var run = new CancellationTokenSource();
        var forwarding = uplink.RunAsync(run.Token);
        await BrokerOutage.UntilAsync(() => Count(seen, x => x.Type == SparkplugMessageType.DDATA) > 10, "DDATA before the outage");

        var (down, up) = await BrokerOutage.StageAsync(broker, uplink, store, uplinkClock, LiveWindow, "the outage");
        var downMs = Ms(down);
        var upMs = Ms(up);
        await BrokerOutage.UntilAsync(() => uplink.Status.Reconnects == 1, "the second session");
        await BrokerOutage.UntilAsync(() => uplink.Births == 2, "the second session's births");
        var reconnectedMs = Ms(clock.UtcNowNs);
        await BrokerOutage.UntilAsync(() => Count(seen, x => x.Type == SparkplugMessageType.DDATA && x.Payload.Metrics.Any(m => m.TimestampMs > reconnectedMs)) > 0, "live DDATA after the reconnect");
        uplinkClock.Release();

        await stop.CancelAsync();
        await producer;
        await store.FlushAsync();
        await BrokerOutage.UntilAsync(() => uplink.DurableCursor(0) == store.CommittedSequence(0), "every sample to be acknowledged");
        await run.CancelAsync();
        await forwarding;
        await BrokerOutage.UntilAsync(() => Count(seen, x => x.Type == SparkplugMessageType.NDEATH && BdSeq(x.Payload) == 1UL) == 1, "NDEATH of the second session on shutdown");
        await host.DisposeAsync();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, uplink.Status.FailedPublishes);
        var births = seen.Select((x, i) => (x.Type, x.Payload, Arrival: i)).Where(x => x.Type == SparkplugMessageType.NBIRTH).ToList();
        Assert.Equal([0UL, 1UL], births.Select(b => BdSeq(b.Payload)));
        Assert.All(births, b => Assert.Equal(0UL, b.Payload.Seq));

        // The second session: seq from 0 at its NBIRTH, +1 per DBIRTH and DDATA (mod 256), to the end.
        var previous = 0UL;
        foreach (var (type, payload) in seen.Skip(births[1].Arrival + 1).Where(x => x.Type != SparkplugMessageType.NDEATH))
        {
            Assert.Equal((previous + 1) % 256, payload.Seq);
            previous = payload.Seq!.Value;
        }

        // Every sample arrived (the producer writes value = its index); per arrival: historical or not.
        var ddata = seen.Select((x, i) => (x.Payload, Arrival: i)).Where((x, i) => seen[i].Type == SparkplugMessageType.DDATA).ToList();
        var copies = new Dictionary<long, List<(bool Historical, int Arrival, ulong TimeMs)>>();
        foreach (var (payload, arrival) in ddata)
        {
            foreach (var m in payload.Metrics)
            {
                Assert.Equal(SparkplugUplink.Alias(0), m.Alias);
                var value = (long)(double)m.Value!;
                if (!copies.TryGetValue(value, out var list))
                {
                    copies[value] = list = [];
                }

                list.Add((m.IsHistorical, arrival, m.TimestampMs!.Value));
            }
        }

        Assert.Equal(store.CommittedSequence(0), copies.Count);
        Assert.Equal(copies.Count - 1, copies.Keys.Max());

        var history = copies.Values.Where(v => v[0].TimeMs > downMs + 500 && v[0].TimeMs < upMs - (ulong)LiveWindow.TotalMilliseconds).ToList();
        Assert.True(history.Count >= 100, $"only {history.Count} samples produced during the outage");
        Assert.All(history, v => Assert.Contains(v, copy => copy.Historical));

        var firstLive = ddata.First(x => x.Payload.Metrics.Any(m => m.TimestampMs > reconnectedMs));
        Assert.All(firstLive.Payload.Metrics, m => Assert.False(m.IsHistorical, "a sample produced after the reconnect was sent as history"));
        Assert.True(firstLive.Arrival > births[1].Arrival, "DDATA of the second session before its NBIRTH");
        var lastHistory = ddata.Where(x => x.Payload.Metrics.Any(m => m.IsHistorical && m.TimestampMs > downMs && m.TimestampMs < upMs)).Max(x => x.Arrival);
        Assert.True(firstLive.Arrival < lastHistory, $"the first live DDATA after the reconnect (arrival {firstLive.Arrival}) came after the replay ended (arrival {lastHistory})");
    }

    private static ulong Ms(long ns) => (ulong)(ns / 1_000_000);

    private static ulong? BdSeq(SparkplugPayload payload) => payload.Metrics.FirstOrDefault(m => m.Name == SparkplugUplink.BdSeqMetric)?.Value as ulong?;

    private static int Count<T>(List<T> list, Func<T, bool> predicate)
    {
        lock (list)
        {
            return list.Count(predicate);
        }
    }
}
