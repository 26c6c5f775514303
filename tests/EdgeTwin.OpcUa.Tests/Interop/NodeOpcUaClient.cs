using System.Text.Json;
using EdgeTwin.Tests.NodeOpcUa;

namespace EdgeTwin.OpcUa.Tests.Interop;

/// <summary>Runs a scenario of interop.js (node-opcua-client) against a server at <c>url</c>.</summary>
internal static class NodeOpcUaClient
{
    public static Task<JsonElement> RunAsync(string scenario, string url, TimeSpan timeout, params string[] extra) =>
        NodeOpcUaScript.RunAsync(Path.Combine(AppContext.BaseDirectory, "Interop", "interop.js"), RepoPaths.Root, timeout, [scenario, url, .. extra]);
}
