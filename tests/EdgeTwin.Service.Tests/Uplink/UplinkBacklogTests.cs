using System.Net;
using System.Net.Sockets;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>The uplink's backlog figures while the broker cannot be reached: the twin shows them during the outage.</summary>
public sealed class UplinkBacklogTests
{
    [Fact]
    public async Task Through_a_long_reconnect_pause_the_backlog_and_its_age_keep_growing()
    {
        using var dir = new TempDirectory();
        var clock = new SystemClock();
        await using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMilliseconds(20) }, ["line/a"], clock);

        // A port nobody listens on, and a reconnect pause far longer than the test: only the pause's own
        // measurements can show the backlog growing.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var client = new MqttClientOptions
        {
            Host = "127.0.0.1", Port = port, ClientId = "unreachable-gateway", ConnectTimeout = TimeSpan.FromSeconds(2),
            Reconnect = new MqttReconnectPolicy(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), jitter: 0),
        };
        await using var uplink = new MqttUplink(store, client, new UplinkOptions { Gateway = "gw" }, clock);
        using var run = new CancellationTokenSource();
        var forwarding = uplink.RunAsync(run.Token);

        var sequence = 0;
        async Task AppendAsync(int count)
        {
            var now = clock.UtcNowNs;
            var samples = Enumerable.Range(0, count).Select(i => new Sample(0, now + i, sequence + i, Quality.Good)).ToArray();
            sequence += count;
            Assert.Equal(count, store.Append(samples));
            await store.FlushAsync();
        }

        await AppendAsync(100);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (uplink.Status.BacklogSamples < 100)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the first failed connect never measured the backlog: {uplink.Status}");
            await Task.Delay(50);
        }

        var first = uplink.Status;
        await AppendAsync(250);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (uplink.Status.BacklogSamples < 350)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the backlog stayed at {uplink.Status.BacklogSamples} through the pause");
            await Task.Delay(50);
        }

        await Task.Delay(1500);
        var later = uplink.Status;
        Assert.False(later.Connected);
        Assert.Equal(350, later.BacklogSamples);
        Assert.True(later.OldestUnsentAgeSeconds > first.OldestUnsentAgeSeconds, $"oldest unsent age {first.OldestUnsentAgeSeconds} → {later.OldestUnsentAgeSeconds}");

        await run.CancelAsync();
        await forwarding.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
