using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;
using Xunit.Abstractions;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// <see cref="MqttUplink"/> over a real store against a real mosquitto that is stopped and restarted twice while
/// samples keep coming: after each outage the backlog is replayed as history, rate-limited, while live samples
/// flow at once — the first live message after each reconnect arrives before that outage's replay has ended (issue 3,
/// "without starving live data") — and every sample arrives, with no gap.
/// </summary>
public sealed class UplinkOutageTests(ITestOutputHelper output)
{
    private static readonly string[] Channels = ["line/a", "line/b"];
    private static readonly TimeSpan LiveWindow = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task After_every_outage_the_backlog_replays_as_history_beside_live_data_and_nothing_is_lost()
    {
        using var dir = new TempDirectory();
        using var broker = new Mosquitto();
        broker.Start();
        var clock = new SystemClock();
        var subscriberOptions = BrokerOutage.DurableSubscriber(broker, "outage-subscriber");
        await using var subscriber = new MqttClient(subscriberOptions);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("edgetwin/gw/data/#", MqttQualityOfService.AtLeastOnce);
        var received = new List<UplinkMessage>();
        var drain = Task.Run(async () =>
        {
            await foreach (var m in subscriber.Messages.ReadAllAsync())
            {
                lock (received)
                {
                    received.Add(UplinkMessage.Parse(received.Count, m.Topic, m.Payload.Span));
                }
            }
        });

        await using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMilliseconds(20), BlockSamples = 64 }, Channels, clock);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var producer = BrokerOutage.ProduceAsync(store, clock, stop.Token);

        // A slow replay with a burst allowance (one second's worth: 100 samples over all channels) smaller than any
        // channel's backlog below. The uplink's monotonic clock is held around each reconnect, so the replay earns no
        // tokens then: it cannot finish before the test has seen the first live message, however loaded the machine.
        var uplinkOptions = new UplinkOptions { Gateway = "gw", LiveWindow = LiveWindow, ReplaySamplesPerSecond = 100, MaxSamplesPerMessage = 25 };
        var clientOptions = new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "outage-gateway", Reconnect = BrokerOutage.FastReconnect, ConnectTimeout = TimeSpan.FromSeconds(5) };
        var uplinkClock = new HeldClock(clock);
        await using var uplink = new MqttUplink(store, clientOptions, uplinkOptions, uplinkClock);
        using var run = new CancellationTokenSource();
        var forwarding = uplink.RunAsync(run.Token);

        var outages = new List<Outage>();
        await BrokerOutage.UntilAsync(() => Received(received, m => !m.Historical) > 10, "live data before the first outage");
        for (var k = 0; k < 2; k++)
        {
            var (down, up) = await BrokerOutage.StageAsync(broker, uplink, store, uplinkClock, LiveWindow, $"outage {k + 1}");

            // Reconnects counts a comeback once its backlog is split: everything produced from here on is live.
            await BrokerOutage.UntilAsync(() => uplink.Status.Reconnects == k + 1, $"reconnect {k + 1}");
            var reconnected = clock.UtcNowNs;
            var firstLive = new UplinkMessage[Channels.Length];
            await BrokerOutage.UntilAsync(() =>
            {
                for (var c = 0; c < Channels.Length; c++)
                {
                    firstLive[c] = First(received, m => m.Channel == Channels[c] && m.Times.Max() > reconnected)!;
                }

                return firstLive.All(m => m is not null);
            }, $"live data after reconnect {k + 1}");
            uplinkClock.Release();
            outages.Add(new Outage(down, up, reconnected, firstLive));

            // The next outage starts once this one's replay is acknowledged, so each historical flow is checked on its own below.
            var split = Enumerable.Range(0, Channels.Length).Select(c => store.CommittedSequence(c)).ToArray();
            await BrokerOutage.UntilAsync(() => Enumerable.Range(0, Channels.Length).All(c => uplink.DurableCursor(c) >= split[c]), $"the replay of outage {k + 1}");
        }

        await stop.CancelAsync();
        await producer;
        await store.FlushAsync();
        await BrokerOutage.UntilAsync(() => Enumerable.Range(0, Channels.Length).All(c => uplink.DurableCursor(c) == store.CommittedSequence(c)), "the backlog to drain");
        await run.CancelAsync();
        await forwarding;
        Assert.Equal(2, uplink.Status.Reconnects);
        Assert.Equal(0, uplink.Status.FailedPublishes);
        await Task.Delay(500);
        await subscriber.DisposeAsync();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        var margin = 500_000_000L;
        var window = (long)LiveWindow.TotalMilliseconds * 1_000_000;
        for (var c = 0; c < Channels.Length; c++)
        {
            var stored = Stored(store, c);
            var messages = received.Where(m => m.Channel == Channels[c]).ToList();
            Assert.All(messages, m => Assert.Equal($"edgetwin/gw/data/{Channels[c]}", m.Topic));

            // Every stored sample arrived; flags per arrival: was it ever live, ever historical.
            var copies = new Dictionary<long, List<(bool Historical, int Arrival, long Time)>>();
            foreach (var m in messages)
            {
                for (var i = 0; i < m.Times.Length; i++)
                {
                    var sequence = m.SequenceFirst + i;
                    Assert.True(stored.TryGetValue(sequence, out var time), $"{Channels[c]} #{sequence} was received but is not in the store");
                    Assert.Equal(time, m.Times[i]);
                    if (!copies.TryGetValue(sequence, out var list))
                    {
                        copies[sequence] = list = [];
                    }

                    list.Add((m.Historical, m.Arrival, m.Times[i]));
                }
            }

            Assert.Equal(stored.Count, copies.Count);

            foreach (var outage in outages)
            {
                // Produced during the outage (well after the uplink noticed it, so never sent on the lost connection)
                // and older than the live window when the link came back: history.
                var history = copies.Where(x => x.Value[0].Time > outage.Down + margin && x.Value[0].Time < outage.Up - window).ToList();
                Assert.True(history.Count >= 100, $"{Channels[c]}: only {history.Count} samples produced during the outage");
                Assert.All(history, x => Assert.Contains(x.Value, copy => copy.Historical));

                // Produced after the comeback was split: live, and the first of it went out while the replay of the
                // outage's backlog was still running (ordering of arrivals; the held clock kept the replay unfinished).
                var first = outage.FirstLive[c];
                Assert.False(first.Historical, $"{Channels[c]}: a sample produced after the reconnect was sent as history");
                var lastHistory = messages.Where(m => m.Historical && m.Times.Any(t => t > outage.Down && t < outage.Up)).Max(m => m.Arrival);
                Assert.True(first.Arrival < lastHistory,
                    $"{Channels[c]}: the first live message after the reconnect (arrival {first.Arrival}) came after the replay of the outage ended (arrival {lastHistory})");
                output.WriteLine($"{Channels[c]}: first live message after the reconnect arrived as #{first.Arrival}, the outage's replay ended with #{lastHistory}");
            }

            // Each flow is in sequence order (duplicates from resends aside); the replays did not overlap, so the
            // historical messages of all outages form one ordered stream.
            foreach (var flow in messages.GroupBy(m => m.Historical))
            {
                var firsts = flow.Select(m => m.SequenceFirst).Distinct().ToList();
                Assert.Equal(firsts.Order(), firsts);
            }
        }
    }

    private static UplinkMessage? First(List<UplinkMessage> received, Func<UplinkMessage, bool> predicate)
    {
        lock (received)
        {
            return received.FirstOrDefault(predicate);
        }
    }

    private static int Received(List<UplinkMessage> received, Func<UplinkMessage, bool> predicate)
    {
        lock (received)
        {
            return received.Count(predicate);
        }
    }

    private static Dictionary<long, long> Stored(SampleStore store, int channel)
    {
        var all = new Dictionary<long, long>();
        var buffer = new StoredSample[500];
        var after = 0L;
        int n;
        while ((n = store.ReadAfter(channel, after, buffer)) > 0)
        {
            foreach (var s in buffer.AsSpan(0, n))
            {
                all[s.Sequence] = s.TimestampNs;
            }

            after = buffer[n - 1].Sequence;
        }

        return all;
    }

    private sealed record Outage(long Down, long Up, long Reconnected, UplinkMessage[] FirstLive);
}
