using System.Text;
using EdgeTwin.Mqtt.Tests.Broker;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>A broker of its own, killed and restarted on the same ports while a publish is outstanding.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class BrokerRestartTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Publishes_outstanding_while_the_broker_is_down_complete_after_it_returns(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var topic = $"edgetwin/restart/{Guid.NewGuid():N}";
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ProtocolVersion = version,
            ClientId = $"uplink-{Guid.NewGuid():N}",
            KeepAlive = TimeSpan.FromSeconds(2),
            Reconnect = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)),
        };
        var disconnects = 0;
        var reconnected = new TaskCompletionSource<MqttConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(options);
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        client.Connected += (_, e) =>
        {
            if (e.IsReconnect)
            {
                reconnected.TrySetResult(e);
            }
        };
        await client.ConnectAsync();
        Assert.True((await client.PublishAsync(topic, "before"u8.ToArray(), retain: true)).IsSuccess);

        await broker.KillAsync();
        await Wait.UntilAsync(() => !client.IsConnected);

        // Queued while there is no connection: these tasks are the "outstanding" publishes an outbox waits on.
        var outstanding = Enumerable.Range(0, 5)
            .Select(i => client.PublishAsync(topic, Encoding.UTF8.GetBytes($"after {i}"), MqttQualityOfService.AtLeastOnce, retain: true).AsTask())
            .ToArray();
        await Task.Delay(300);
        Assert.All(outstanding, t => Assert.False(t.IsCompleted));
        Assert.Equal(5, client.InFlightCount);

        await broker.RestartAsync();

        var results = await Wait.WithTimeout(Task.WhenAll(outstanding));
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.True((await Wait.WithTimeout(reconnected.Task)).IsReconnect);
        Assert.Equal(1, disconnects);
        Assert.Equal(0, client.InFlightCount);

        // The restarted broker holds the last of them as the retained message: they really arrived, in order.
        await using var reader = new MqttClient(options with { ClientId = $"reader-{Guid.NewGuid():N}" });
        await reader.ConnectAsync();
        await reader.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        Assert.Equal("after 4", Encoding.UTF8.GetString((await Wait.NextAsync(reader.Messages)).Payload.Span));
    }

    [Fact]
    public async Task Subscriptions_are_renewed_after_a_reconnect_that_lost_the_session()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var topic = $"edgetwin/resubscribe/{Guid.NewGuid():N}";
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = $"commands-{Guid.NewGuid():N}",
            Reconnect = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)),
        };
        await using var client = new MqttClient(options);
        var reconnected = new TaskCompletionSource<MqttConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, e) => reconnected.TrySetResult(e);
        await client.ConnectAsync();
        reconnected = new TaskCompletionSource<MqttConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);

        await broker.KillAsync();
        await broker.RestartAsync();
        var args = await Wait.WithTimeout(reconnected.Task);
        Assert.False(args.SessionPresent);

        await using var sender = new MqttClient(options with { ClientId = $"sender-{Guid.NewGuid():N}" });
        await sender.ConnectAsync();
        // The renewal SUBSCRIBE races with this publish; retained makes the outcome independent of who wins.
        await sender.PublishAsync(topic, "command"u8.ToArray(), retain: true);
        Assert.Equal("command", Encoding.UTF8.GetString((await Wait.NextAsync(client.Messages)).Payload.Span));
    }
}
