using System.Text.Json;
using EdgeTwin.Tests.NodeOpcUa;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>Runs a scenario of gateway-client.js (node-opcua-client, the independent peer) against a running gateway.</summary>
internal static class NodeOpcUa
{
    public static Task<JsonElement> RunAsync(string scenario, string url, string gateway, string user, string password) =>
        NodeOpcUaScript.RunAsync(Path.Combine(AppContext.BaseDirectory, "OpcUa", "gateway-client.js"), RepositoryPaths.Root, TimeSpan.FromSeconds(90),
            scenario, url, gateway, user, password);
}
