using System.Globalization;
using EdgeTwin.Mqtt;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>What the process tests of the uplink set up alike: a durable subscriber on the broker, and a gateway run's environment.</summary>
internal static class UplinkRun
{
    /// <summary>
    /// Registers a subscriber session that outlives its connection (Clean Start 0, Session Expiry one hour; MQTT 5.0
    /// §3.1.2.4, §3.1.2.11.2) with a QoS 1 subscription, then disconnects: from then on the broker queues what matches
    /// <paramref name="topic"/> until a client connects with the returned options.
    /// </summary>
    public static async Task<MqttClientOptions> RegisterDurableSubscriberAsync(Mosquitto broker, string clientId, string topic, int inboundQueueCapacity)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = clientId,
            CleanStart = false,
            SessionExpiryInterval = 3600,
            InboundQueueCapacity = inboundQueueCapacity,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        await using var setup = new MqttClient(options);
        await setup.ConnectAsync();
        await setup.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        await setup.DisconnectAsync();
        return options;
    }

    /// <summary>The simulated plant with its state in <paramref name="stateDirectory"/>, the IMU and encoder at <paramref name="rateHz"/>, uplink to <paramref name="broker"/>.</summary>
    public static Dictionary<string, string> Environment(string stateDirectory, Mosquitto broker, int replaySamplesPerSecond, int rateHz) => new()
    {
        ["EDGETWIN_Gateway__StateDirectory"] = stateDirectory,
        ["EDGETWIN_Gateway__StatusLogSeconds"] = "1",
        ["EDGETWIN_Uplink__Enabled"] = "true",
        ["EDGETWIN_Uplink__Broker"] = $"mqtt://127.0.0.1:{broker.Port}",
        ["EDGETWIN_Uplink__ReplaySamplesPerSecond"] = replaySamplesPerSecond.ToString(CultureInfo.InvariantCulture),
        ["EDGETWIN_Devices__imu__RateHz"] = rateHz.ToString(CultureInfo.InvariantCulture),
        ["EDGETWIN_Devices__encoder__RateHz"] = rateHz.ToString(CultureInfo.InvariantCulture),
    };
}
