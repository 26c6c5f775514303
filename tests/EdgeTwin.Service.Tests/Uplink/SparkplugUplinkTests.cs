using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sparkplug;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;
using EdgeTwin.Sync.Uplink.Sparkplug;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// <see cref="SparkplugUplink"/> over a real store against a real mosquitto, observed by a host application
/// subscribed to <c>spBv1.0/#</c>: STATE gating, births, seq continuity, aliases, rebirth on NCMD, historical
/// DDATA for what was produced while the host was away, NDEATH on shutdown, and no sample lost.
/// </summary>
public sealed class SparkplugUplinkTests
{
    private static readonly string[] Channels = ["imu/accel_x", "imu/accel_y", "axis/speed"];
    private static readonly string[] Devices = ["imu", "imu", "axis"];

    [Fact]
    public async Task An_edge_node_follows_the_host_state_births_rebirths_and_delivers_every_sample_by_alias()
    {
        using var dir = new TempDirectory();
        using var broker = new Mosquitto();
        broker.Start();
        var clock = new SystemClock();
        await using var host = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "scada", InboundQueueCapacity = 100_000 });
        await host.ConnectAsync();
        await host.SubscribeAsync("spBv1.0/#", MqttQualityOfService.AtLeastOnce);
        var seen = new List<(SparkplugTopic Topic, SparkplugPayload Payload)>();
        var drain = Task.Run(async () =>
        {
            await foreach (var m in host.Messages.ReadAllAsync())
            {
                if (!m.Topic.StartsWith("spBv1.0/STATE/", StringComparison.Ordinal) && !m.Topic.Contains("/NCMD/", StringComparison.Ordinal))
                {
                    lock (seen)
                    {
                        seen.Add((SparkplugTopic.Parse(m.Topic), SparkplugPayloadReader.Read(m.Payload.Span)));
                    }
                }
            }
        });

        await using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMilliseconds(20), BlockSamples = 64 }, Channels, clock);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var producer = BrokerOutage.ProduceAsync(store, clock, stop.Token);
        var bdSeqFile = dir.File("bdseq");
        File.WriteAllText(bdSeqFile, "41");
        var sparkplug = new SparkplugOptions { GroupId = "plant", EdgeNodeId = "gw", PrimaryHostId = "scada", ChannelDevices = Devices, BdSeqFile = bdSeqFile };
        var options = new UplinkOptions { Gateway = "gw", LiveWindow = TimeSpan.FromSeconds(1), ReplaySamplesPerSecond = 2000 };
        var client = new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "sparkplug-gw", ConnectTimeout = TimeSpan.FromSeconds(5) };
        await using var uplink = new SparkplugUplink(store, client, options, sparkplug, clock);
        using var run = new CancellationTokenSource();
        var forwarding = uplink.RunAsync(run.Token);

        // No STATE yet: connected, but silent.
        await WaitUntil(() => uplink.Status.Connected, "the edge node to connect");
        await Task.Delay(1500);
        Assert.Equal(0, Count(seen, _ => true));
        Assert.Equal("42", File.ReadAllText(bdSeqFile));

        await SetStateAsync(host, online: true, clock);
        await WaitUntil(() => Count(seen, x => x.Topic.Type == SparkplugMessageType.DDATA) > 20, "DDATA after the host came online");

        await PublishAsync(host, "spBv1.0/plant/NCMD/gw", SparkplugMetric.OfBoolean(SparkplugUplink.RebirthMetric, null, 1, true));
        await WaitUntil(() => Count(seen, x => x.Topic.Type == SparkplugMessageType.NBIRTH) == 2, "the rebirth");
        await Task.Delay(1000);

        await SetStateAsync(host, online: false, clock);
        await Task.Delay(1000);
        var whileOffline = Count(seen, _ => true);
        await Task.Delay(2500);
        Assert.Equal(whileOffline, Count(seen, _ => true));
        await SetStateAsync(host, online: true, clock);
        await WaitUntil(() => Count(seen, x => x.Topic.Type == SparkplugMessageType.NBIRTH) == 3, "births when the host is back");
        await Task.Delay(1500);

        await stop.CancelAsync();
        await producer;
        await store.FlushAsync();
        await WaitUntil(() => Enumerable.Range(0, Channels.Length).All(c => uplink.DurableCursor(c) == store.CommittedSequence(c)), "every sample to be acknowledged");
        await run.CancelAsync();
        await forwarding;
        await WaitUntil(() => Count(seen, x => x.Topic.Type == SparkplugMessageType.NDEATH) == 1, "NDEATH on shutdown");
        await host.DisposeAsync();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(seen, x => Assert.Equal(("plant", "gw"), (x.Topic.GroupId, x.Topic.EdgeNodeId)));
        var births = seen.Where(x => x.Topic.Type == SparkplugMessageType.NBIRTH).ToList();
        Assert.All(births, b =>
        {
            Assert.Equal(0UL, b.Payload.Seq);
            Assert.Contains(b.Payload.Metrics, m => m.Name == SparkplugUplink.BdSeqMetric && m.Value is 42UL);
            Assert.Contains(b.Payload.Metrics, m => m.Name == SparkplugUplink.RebirthMetric && m.Value is false);
        });
        var death = Assert.Single(seen, x => x.Topic.Type == SparkplugMessageType.NDEATH);
        Assert.Null(death.Payload.Seq);
        Assert.Contains(death.Payload.Metrics, m => m.Name == SparkplugUplink.BdSeqMetric && m.Value is 42UL);

        // seq: 0 at each NBIRTH, then +1 per message (mod 256) over DBIRTH and DDATA.
        ulong? previous = null;
        foreach (var (topic, payload) in seen.Where(x => x.Topic.Type != SparkplugMessageType.NDEATH))
        {
            Assert.NotNull(payload.Seq);
            var expected = topic.Type == SparkplugMessageType.NBIRTH ? 0UL : (previous!.Value + 1) % 256;
            Assert.Equal(expected, payload.Seq);
            previous = payload.Seq;
        }

        // Each DBIRTH names the device's channels with their aliases; DDATA uses aliases of its device only.
        var aliases = new Dictionary<string, Dictionary<ulong, string>>();
        var received = new Dictionary<int, Dictionary<long, (bool Historical, double Value)>>();
        var ddataHistorical = 0;
        foreach (var (topic, payload) in seen)
        {
            if (topic.Type == SparkplugMessageType.DBIRTH)
            {
                Assert.All(payload.Metrics, m => Assert.Equal(SparkplugDataType.Double, m.DataType));
                aliases[topic.DeviceId!] = payload.Metrics.ToDictionary(m => m.Alias!.Value, m => m.Name!);
                Assert.Equal(Enumerable.Range(0, Channels.Length).Where(c => Devices[c] == topic.DeviceId).Select(c => Channels[c]).Order(), aliases[topic.DeviceId!].Values.Order());
            }
            else if (topic.Type == SparkplugMessageType.DDATA)
            {
                Assert.True(aliases.ContainsKey(topic.DeviceId!), "DDATA before its device's DBIRTH");
                foreach (var m in payload.Metrics)
                {
                    Assert.Null(m.Name);
                    Assert.True(aliases[topic.DeviceId!].TryGetValue(m.Alias!.Value, out var name), $"alias {m.Alias} is not in {topic.DeviceId}'s DBIRTH");
                    var channel = Array.IndexOf(Channels, name);
                    var value = (double)m.Value!;
                    received.TryAdd(channel, []);
                    received[channel].TryAdd((long)value, (m.IsHistorical, value));
                    ddataHistorical += m.IsHistorical ? 1 : 0;
                }
            }
        }

        Assert.True(ddataHistorical > 0, "nothing produced while the host was offline came as historical DDATA");
        for (var c = 0; c < Channels.Length; c++)
        {
            // The producer writes value = its index, so the values received are exactly 0..count-1.
            Assert.Equal(store.CommittedSequence(c), received[c].Count);
            Assert.Equal(received[c].Count - 1, (long)received[c].Keys.Max());
        }
    }

    private static async Task SetStateAsync(MqttClient host, bool online, IClock clock) =>
        await host.PublishAsync("spBv1.0/STATE/scada", new SparkplugHostState(online, (ulong)(clock.UtcNowNs / 1_000_000)).ToJson(), MqttQualityOfService.AtLeastOnce, retain: true);

    private static async Task PublishAsync(MqttClient host, string topic, SparkplugMetric metric)
    {
        SparkplugMetric[] metrics = [metric];
        var buffer = new byte[SparkplugPayloadWriter.Size(1, 0, metrics)];
        SparkplugPayloadWriter.Write(buffer, 1, 0, metrics);
        await host.PublishAsync(topic, buffer, MqttQualityOfService.AtLeastOnce);
    }

    private static int Count<T>(List<T> list, Func<T, bool> predicate)
    {
        lock (list)
        {
            return list.Count(predicate);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after 60 s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
