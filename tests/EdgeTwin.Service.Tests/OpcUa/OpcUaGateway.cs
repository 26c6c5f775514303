using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.Service.Tests.Process;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>
/// One real gateway process with its OPC UA server on a free port (Port 0, read back from its log), a user
/// "operator", 1 s security tokens, EURange on the IMU's accel_x, and a machine cycle that holds one speed so
/// nothing but the tests moves the actuators. Shared by the tests of one class; stopped with SIGTERM at the end.
/// </summary>
public sealed partial class OpcUaGateway : IDisposable
{
    public const string Gateway = "opcua-test";
    public const string User = "operator";
    public const string Password = "correct horse battery staple";

    private readonly TempDirectory _dir = new();
    private readonly GatewayProcess _process;

    public OpcUaGateway()
    {
        var config = JsonNode.Parse(File.ReadAllText(RepositoryPaths.DefaultConfig))!.AsObject();
        config["Gateway"]!["Name"] = Gateway;
        config["Gateway"]!["StatusLogSeconds"] = 1;
        config["Simulation"]!["Cycle"] = JsonNode.Parse("[{ \"Seconds\": 86400, \"SpeedRpm\": 1500 }]");
        config["Devices"]!["imu"]!["Channels"]!["accel_x"]!["Min"] = -40;
        config["Devices"]!["imu"]!["Channels"]!["accel_x"]!["Max"] = 40;
        config["Actuators"]!["brake"]!["Safe"] = 1;
        config["OpcUa"] = new JsonObject
        {
            ["Enabled"] = true,
            ["Port"] = 0,
            ["EndpointHost"] = "localhost",
            ["MinTokenLifetimeSeconds"] = 1,
            ["Users"] = new JsonObject { [User] = UserAccount.Create(User, Password, iterations: 10_000).ToHashString() },
        };
        ConfigPath = _dir.File("edgetwin.json");
        File.WriteAllText(ConfigPath, config.ToJsonString());
        StateDirectory = _dir.File("state");
        _process = GatewayProcess.Start(["run", "--config", ConfigPath], new Dictionary<string, string>
        {
            ["EDGETWIN_Gateway__StateDirectory"] = StateDirectory,
            ["EDGETWIN_OpcUa__Enabled"] = "true",
        });

        Assert.True(_process.WaitForOutput("OPC UA server listening on", TimeSpan.FromSeconds(60)), "no OPC UA server:\n" + _process.Stdout + _process.Stderr);
        var port = int.Parse(ListeningPattern().Match(_process.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Url = "opc.tcp://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        // The twin has values once the status reporter logs the devices' reads.
        Assert.True(_process.WaitForOutput(" reads, jitter", TimeSpan.FromSeconds(60)), "no acquisition:\n" + _process.Stdout);
    }

    public string Url { get; }

    public string ConfigPath { get; }

    public string StateDirectory { get; }

    public string EventsDatabase => Path.Combine(StateDirectory, "events.db");

    public string Log => _process.Stdout + _process.Stderr;

    public Task<System.Text.Json.JsonElement> RunAsync(string scenario) => NodeOpcUa.RunAsync(scenario, Url, Gateway, User, Password);

    public void Dispose()
    {
        try
        {
            _process.Terminate();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _process.Dispose();
            _dir.Dispose();
        }
    }

    [GeneratedRegex(@"OPC UA server listening on \S+ \(port (\d+)\)")]
    private static partial Regex ListeningPattern();
}
