using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>The <c>Store</c> and <c>Uplink</c> sections: defaults and key-path errors.</summary>
public sealed class StoreConfigTests
{
    [Fact]
    public void Defaults_put_the_store_in_the_state_directory_and_the_uplink_on_localhost()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Gateway:StateDirectory"] = "/var/lib/edgetwin",
        });
        Assert.Equal("/var/lib/edgetwin", config.Store.Directory);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.Store.FlushInterval);
        Assert.True(config.Uplink.Enabled);
        Assert.Equal(("localhost", 1883), (config.Uplink.Host, config.Uplink.Port));
        Assert.Equal("edgetwin-demo-axis", config.Uplink.ClientId);
        Assert.Equal("edgetwin", config.Uplink.TopicPrefix);
    }

    [Fact]
    public void Store_path_and_broker_overrides_are_applied()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Store:Path"] = "/data/twin/store.db",
            ["Store:MaxAgeDays"] = "7",
            ["Uplink:Broker"] = "mqtt://10.0.0.5:1884",
            ["Uplink:Username"] = "gw",
            ["Uplink:Password"] = "pw",
        });
        Assert.Equal("/data/twin", config.Store.Directory);
        Assert.Equal(TimeSpan.FromDays(7), config.Store.MaxAge);
        Assert.Equal(("10.0.0.5", 1884, "gw", "pw"), (config.Uplink.Host, config.Uplink.Port, config.Uplink.UserName, config.Uplink.Password));
    }

    [Fact]
    public void Bad_values_are_reported_with_their_key_paths()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, new Dictionary<string, string?>
        {
            ["Store:Path"] = "/data/samples.sqlite",
            ["Store:FlushIntervalMs"] = "0",
            ["Store:MaxBytes"] = "1000",
            ["Store:Sise"] = "1",
            ["Uplink:Broker"] = "http://broker:80",
            ["Uplink:TopicPrefix"] = "a/#",
            ["Uplink:KeepAliveSeconds"] = "0",
            ["Uplink:Password"] = "secret",
        }));
        var lines = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("Store:Path: must name a file called store.db", StringComparison.Ordinal));
        Assert.Contains("Store:FlushIntervalMs: must be between 1 and 60000, got 0", lines);
        Assert.Contains(lines, l => l.StartsWith("Store:MaxBytes: must be between 65536", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Store:Sise: unknown key", StringComparison.Ordinal));
        Assert.Contains("Uplink:Broker: must be mqtt://host[:port] or mqtts://host[:port], got 'http://broker:80'", lines);
        Assert.Contains(lines, l => l.StartsWith("Uplink:TopicPrefix: must be", StringComparison.Ordinal));
        Assert.Contains("Uplink:KeepAliveSeconds: must be between 1 and 65535, got 0", lines);
        Assert.Contains("Uplink:Password: needs a Username", lines);
        Assert.Equal(8, lines.Count);
    }
}
