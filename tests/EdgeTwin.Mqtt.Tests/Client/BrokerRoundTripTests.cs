using System.Text;
using EdgeTwin.Mqtt.Tests.Broker;

namespace EdgeTwin.Mqtt.Tests.Client;

[Collection(MosquittoCollection.Name)]
public sealed class BrokerRoundTripTests(MosquittoFixture fixture)
{
    public static TheoryData<MqttProtocolVersion, MqttQualityOfService> VersionsAndQoS()
    {
        var data = new TheoryData<MqttProtocolVersion, MqttQualityOfService>();
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            foreach (var qos in new[] { MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce })
            {
                data.Add(version, qos);
            }
        }

        return data;
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connects_and_disconnects_cleanly(MqttProtocolVersion version)
    {
        await using var client = new MqttClient(fixture.Options(version, $"connect-{version}"));
        var result = await client.ConnectAsync();
        Assert.True(client.IsConnected);
        Assert.False(result.SessionPresent);
        if (version == MqttProtocolVersion.V500)
        {
            // mosquitto states its limits in the 5.0 CONNACK properties.
            Assert.True(result.ReceiveMaximum > 0);
        }

        await client.DisconnectAsync();
        Assert.False(client.IsConnected);
    }

    [Theory]
    [MemberData(nameof(VersionsAndQoS))]
    public async Task Publish_and_subscribe_round_trip_through_the_broker(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var topic = $"edgetwin/test/{Guid.NewGuid():N}";
        await using var subscriber = new MqttClient(fixture.Options(version, $"sub-{Guid.NewGuid():N}"));
        await using var publisher = new MqttClient(fixture.Options(version, $"pub-{Guid.NewGuid():N}"));
        await subscriber.ConnectAsync();
        await publisher.ConnectAsync();
        var granted = await subscriber.SubscribeAsync(topic, qos);
        Assert.Equal((MqttReasonCode)(byte)qos, Assert.Single(granted));

        var payloads = Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"message {i} at QoS {(int)qos}")).ToArray();
        foreach (var payload in payloads)
        {
            var result = await Wait.WithTimeout(publisher.PublishAsync(topic, payload, qos).AsTask());
            Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        }

        foreach (var payload in payloads)
        {
            var message = await Wait.NextAsync(subscriber.Messages);
            Assert.Equal(topic, message.Topic);
            Assert.Equal(qos, message.QoS);
            Assert.Equal(payload, message.Payload.ToArray());
        }

        Assert.Equal(0, publisher.InFlightCount);
    }
}
