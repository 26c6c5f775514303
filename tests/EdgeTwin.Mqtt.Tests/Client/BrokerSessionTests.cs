using System.Text;
using EdgeTwin.Mqtt.Tests.Broker;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>Will, retained messages, keep-alive and authentication against a real mosquitto.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class BrokerSessionTests(MosquittoFixture fixture)
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task The_will_is_published_when_the_client_drops_its_socket(MqttProtocolVersion version)
    {
        var willTopic = $"edgetwin/will/{Guid.NewGuid():N}";
        await using var watcher = new MqttClient(fixture.Options(version, $"watcher-{Guid.NewGuid():N}"));
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync(willTopic, MqttQualityOfService.AtLeastOnce);

        var options = fixture.Options(version, $"dying-{Guid.NewGuid():N}") with
        {
            AutoReconnect = false,
            Will = new MqttWill { Topic = willTopic, Payload = "gateway offline"u8.ToArray(), QoS = MqttQualityOfService.AtLeastOnce },
        };
        await using var dying = new MqttClient(options);
        await dying.ConnectAsync();
        dying.AbortConnection();

        var will = await Wait.NextAsync(watcher.Messages);
        Assert.Equal(willTopic, will.Topic);
        Assert.Equal("gateway offline", Encoding.UTF8.GetString(will.Payload.Span));
    }

    [Fact]
    public async Task A_normal_disconnect_does_not_publish_the_will()
    {
        var willTopic = $"edgetwin/will/{Guid.NewGuid():N}";
        await using var watcher = new MqttClient(fixture.Options(MqttProtocolVersion.V500, $"watcher-{Guid.NewGuid():N}"));
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync(willTopic, MqttQualityOfService.AtLeastOnce);
        var options = fixture.Options(MqttProtocolVersion.V500, $"polite-{Guid.NewGuid():N}") with
        {
            Will = new MqttWill { Topic = willTopic, Payload = "x"u8.ToArray() },
        };
        await using var polite = new MqttClient(options);
        await polite.ConnectAsync();
        await polite.DisconnectAsync();

        Assert.True(await Wait.NothingAsync(watcher.Messages, TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_retained_message_reaches_a_later_subscriber_until_cleared(MqttProtocolVersion version)
    {
        var topic = $"edgetwin/retained/{Guid.NewGuid():N}";
        await using var publisher = new MqttClient(fixture.Options(version, $"pub-{Guid.NewGuid():N}"));
        await publisher.ConnectAsync();
        var result = await publisher.PublishAsync(topic, "last value"u8.ToArray(), MqttQualityOfService.AtLeastOnce, retain: true);
        Assert.True(result.IsSuccess);

        await using (var late = new MqttClient(fixture.Options(version, $"late-{Guid.NewGuid():N}")))
        {
            await late.ConnectAsync();
            await late.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
            var message = await Wait.NextAsync(late.Messages);
            Assert.True(message.Retain);
            Assert.Equal("last value", Encoding.UTF8.GetString(message.Payload.Span));
        }

        // MQTT 5.0 §3.3.1.3: an empty retained payload removes the retained message.
        await publisher.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtLeastOnce, retain: true);
        await using var later = new MqttClient(fixture.Options(version, $"later-{Guid.NewGuid():N}"));
        await later.ConnectAsync();
        await later.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        Assert.True(await Wait.NothingAsync(later.Messages, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Keep_alive_pings_hold_an_idle_connection_open_past_the_broker_timeout()
    {
        // A server drops a client silent for 1.5 × keep-alive (MQTT 5.0 §3.1.2.10); mosquitto 2.0 checks every few
        // seconds and drops a silent 1 s keep-alive client after ~4.6 s. Idle here for 6.5 s.
        var topic = $"edgetwin/keepalive/{Guid.NewGuid():N}";
        var disconnects = 0;
        await using var client = new MqttClient(fixture.Options(MqttProtocolVersion.V500, $"idle-{Guid.NewGuid():N}") with { KeepAlive = TimeSpan.FromSeconds(1) });
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        await client.ConnectAsync();
        await client.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);

        await Task.Delay(TimeSpan.FromSeconds(6.5));

        Assert.True(client.IsConnected);
        Assert.Equal(0, disconnects);
        await client.PublishAsync(topic, "still here"u8.ToArray());
        Assert.Equal("still here", Encoding.UTF8.GetString((await Wait.NextAsync(client.Messages)).Payload.Span));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task User_name_and_password_are_checked_by_the_broker(MqttProtocolVersion version)
    {
        var good = fixture.Options(version, $"auth-{Guid.NewGuid():N}") with { UserName = MosquittoBroker.UserName, Password = MosquittoBroker.Password };
        await using (var client = new MqttClient(good))
        {
            await client.ConnectAsync();
            Assert.True(client.IsConnected);
        }

        await using var intruder = new MqttClient(good with { Password = "wrong" });
        var error = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => intruder.ConnectAsync());
        // mosquitto 2.0 refuses a wrong password with "Not authorized": 3.1.1 return code 5 (§3.2.2.3), 5.0 reason 0x87.
        Assert.Equal(MqttReasonCode.NotAuthorized, error.ReasonCode);
        Assert.False(intruder.IsConnected);
    }
}
