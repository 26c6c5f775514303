namespace EdgeTwin.Mqtt.Tests.Broker;

/// <summary>One broker shared by the integration tests of the "Mosquitto" collection, which run one at a time.</summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    private MosquittoBroker? _broker;

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("The broker has not started.");

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    public MqttClientOptions Options(MqttProtocolVersion version, string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = Broker.Port,
        ProtocolVersion = version,
        ClientId = clientId,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Reconnect = new MqttReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
    };
}

[CollectionDefinition(Name)]
public sealed class MosquittoCollection : ICollectionFixture<MosquittoFixture>
{
    public const string Name = "Mosquitto";
}

/// <summary>
/// For measurements over the whole process (allocation counts): xunit runs a non-parallel collection alone,
/// after the parallel ones, so no other test's allocations are counted. It gets its own broker.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MosquittoAloneCollection : ICollectionFixture<MosquittoFixture>
{
    public const string Name = "Mosquitto, alone";
}
