using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Sync.Store;
using EdgeTwin.Sync.Uplink;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// A real mosquitto whose ACL forbids the uplink's topics answers every publish with PUBACK 0x87 Not authorized
/// (MQTT 5.0 §3.4.2.1): the uplink backs off between refusals instead of resending every poll, and never moves its
/// cursor over a refused sample.
/// </summary>
public sealed class UplinkRefusalTests
{
    [Fact]
    public async Task Refused_publishes_are_retried_with_growing_pauses_and_the_cursor_stays()
    {
        using var dir = new TempDirectory();
        var acl = dir.File("acl");
        await File.WriteAllTextAsync(acl, "topic read #\n");
        using var broker = new Mosquitto($"acl_file {acl}");
        broker.Start();
        var clock = new SystemClock();
        await using var store = SampleStore.Open(new StoreOptions { Directory = dir.Path, FlushInterval = TimeSpan.FromMilliseconds(20) }, ["line/a"], clock);
        var now = clock.UtcNowNs;
        var samples = Enumerable.Range(0, 100).Select(i => new Sample(0, now + i, i, Quality.Good)).ToArray();
        Assert.Equal(samples.Length, store.Append(samples));
        await store.FlushAsync();

        // No jitter, 1 s doubling to 4 s: in 7 s at most 4 rounds of refusals (0, 1, 3, 7 s); without the pause the
        // uplink would resend every 50 ms poll, well over a hundred rounds.
        var backoff = new MqttReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), jitter: 0);
        var options = new UplinkOptions { Gateway = "gw", RefusalBackoff = backoff, WindowPerFlow = 1 };
        var client = new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "refused-gateway", ConnectTimeout = TimeSpan.FromSeconds(5) };
        await using var uplink = new MqttUplink(store, client, options, clock);
        using var run = new CancellationTokenSource();
        var forwarding = uplink.RunAsync(run.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (uplink.Status.FailedPublishes == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no refusal seen within 60 s");
            await Task.Delay(20);
        }

        await Task.Delay(7000);
        await run.CancelAsync();
        await forwarding;
        var status = uplink.Status;
        Assert.InRange(status.FailedPublishes, 2, 5);
        Assert.Equal(0, status.PublishedSamples);
        Assert.Equal(0, uplink.DurableCursor(0));
    }
}
