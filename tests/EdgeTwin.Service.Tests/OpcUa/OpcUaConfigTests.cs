using EdgeTwin.OpcUa.Server;
using EdgeTwin.Service.Cli;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>The <c>OpcUa</c> section's defaults and errors, and <c>edgetwin hash-password</c>.</summary>
public sealed class OpcUaConfigTests
{
    private static readonly string GoodHash = UserAccount.Create("x", "pw", iterations: 10_000).ToHashString();

    [Fact]
    public void Defaults_serve_port_4840_with_a_namespace_named_after_the_gateway_and_no_anonymous_writes()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        Assert.True(config.OpcUa.Enabled);
        Assert.Equal(4840, config.OpcUa.Port);
        Assert.Null(config.OpcUa.EndpointHost);
        Assert.Equal("urn:edgetwin:demo-axis", config.OpcUa.NamespaceUri);
        Assert.False(config.OpcUa.AllowAnonymousWrites);
        Assert.Empty(config.OpcUa.Users);
        Assert.Equal(TimeSpan.FromSeconds(10), config.OpcUa.MinTokenLifetime);
    }

    [Fact]
    public void A_configured_user_and_every_option_are_read()
    {
        var config = Load(new()
        {
            ["OpcUa:Port"] = "0",
            ["OpcUa:EndpointHost"] = "gateway-7.plant.local",
            ["OpcUa:NamespaceUri"] = "urn:acme:line1",
            ["OpcUa:AllowAnonymousWrites"] = "true",
            ["OpcUa:MinTokenLifetimeSeconds"] = "2",
            ["OpcUa:Users:alice"] = GoodHash,
        });
        Assert.Equal(0, config.OpcUa.Port);
        Assert.Equal("gateway-7.plant.local", config.OpcUa.EndpointHost);
        Assert.Equal("urn:acme:line1", config.OpcUa.NamespaceUri);
        Assert.True(config.OpcUa.AllowAnonymousWrites);
        Assert.Equal(TimeSpan.FromSeconds(2), config.OpcUa.MinTokenLifetime);
        Assert.Equal(new OpcUaUser("alice", GoodHash), Assert.Single(config.OpcUa.Users));
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "OpcUa:Port", "70000", "OpcUa:Port: must be between 0 and 65535, got 70000" },
        { "OpcUa:EndpointHost", "bad host!", "OpcUa:EndpointHost: must be a host name or IP address, got 'bad host!'" },
        { "OpcUa:NamespaceUri", "not a uri", "OpcUa:NamespaceUri: must be an absolute URI of at most 512 characters (e.g. urn:edgetwin:line1), got 'not a uri'" },
        { "OpcUa:AllowAnonymousWrites", "sometimes", "OpcUa:AllowAnonymousWrites: must be true or false, got 'sometimes'" },
        { "OpcUa:Users:alice", "hunter2", "OpcUa:Users:alice: must be a password hash 'pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>', not a plain password (create one with: edgetwin hash-password)" },
        { "OpcUa:Users:alice", "pbkdf2-sha256$99$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "OpcUa:Users:alice: iterations must be 10000–10000000, got '99' (create one with: edgetwin hash-password)" },
        { "OpcUa:Users:alice", "pbkdf2-sha256$20000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "OpcUa:Users:alice: the salt must be 8–64 bytes in base64 (create one with: edgetwin hash-password)" },
        { "OpcUa:Users:alice", "pbkdf2-sha256$20000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA", "OpcUa:Users:alice: the hash must be 32 bytes in base64 (create one with: edgetwin hash-password)" },
        { "OpcUa:Users:al ice", "x", "OpcUa:Users:al ice: user names must be 1–64 letters, digits, '.', '-', '_' or '@', got 'al ice'" },
        { "OpcUa:Prot", "4840", "OpcUa:Prot: unknown key (did you mean 'Port'?)" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_reported_with_its_key_path_and_reason(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(new() { [key] = value }));
        Assert.Equal(expected, Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void Hash_password_prints_a_hash_the_configuration_accepts_and_the_server_verifies()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run(new StringReader("s3cret pass\n"), output, error, 10_000, interactive: false));
        var hash = output.ToString().Trim();
        Assert.Null(OpcUaSection.CheckHash(hash));
        var account = UserAccount.FromHashString("bob", hash);
        Assert.True(account.Verify("s3cret pass"u8));
        Assert.False(account.Verify("s3cret pass\n"u8));
        Assert.Equal(new OpcUaUser("bob", hash), Assert.Single(Load(new() { ["OpcUa:Users:bob"] = hash }).OpcUa.Users));

        // A fresh salt each time: the same password never gives the same hash.
        using var again = new StringWriter();
        HashPasswordCommand.Run(new StringReader("s3cret pass\n"), again, error, 10_000, interactive: false);
        Assert.NotEqual(hash, again.ToString().Trim());
    }

    [Theory]
    [InlineData("", 10_000, "error: the password is empty")]
    [InlineData("pw\n", 999, "error: --iterations must be 10000–10000000, got 999")]
    public void Hash_password_refuses_bad_input(string input, int iterations, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.NotEqual(0, HashPasswordCommand.Run(new StringReader(input), output, error, iterations, interactive: false));
        Assert.Equal(expected, error.ToString().Trim());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Hash_password_refuses_a_password_longer_than_its_limit_without_reading_on()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var input = new StringReader(new string('x', 10 * HashPasswordCommand.MaxPasswordLength));
        Assert.Equal(1, HashPasswordCommand.Run(input, output, error, 10_000, interactive: false));
        Assert.Contains("longer than 1024", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    /// <summary>Mutations of a valid hash (and random text) are judged without an exception, and only the valid one passes.</summary>
    [Fact]
    public void Hash_checking_never_throws_on_mutated_input()
    {
        var random = new Random(4);
        const string alphabet = "pbkdf2-sha256$0123456789ABCDEFabcdef+/=!\u00e9 ";
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = GoodHash.ToCharArray().ToList();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when chars.Count > 0 && at < chars.Count: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: if (at < chars.Count) { chars[at] = alphabet[random.Next(alphabet.Length)]; } break;
                }
            }

            var text = random.Next(10) == 0 ? new string(chars.ToArray()) + new string('A', random.Next(1, 5000)) : new string(chars.ToArray());
            if (OpcUaSection.CheckHash(text) is null)
            {
                accepted++;
                _ = UserAccount.FromHashString("u", text); // what the check passes, the server can load
            }
        }

        Assert.True(accepted < 20_000, "mutations must not all pass");
        Assert.Null(OpcUaSection.CheckHash(GoodHash));
    }

    private static GatewayConfig Load(Dictionary<string, string?> overrides) =>
        ConfigLoader.Load(RepositoryPaths.DefaultConfig, overrides).Config;
}
