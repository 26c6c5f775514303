using System.Diagnostics;
using System.Text.Json;

namespace EdgeTwin.Service.Tests.OpcUa;

/// <summary>Runs a scenario of gateway-client.js (node-opcua-client, the independent peer) and returns its JSON.</summary>
internal static class NodeOpcUa
{
    public const string SetupScript = "scripts/setup/node-opcua.sh";

    public static string Modules
    {
        get
        {
            var modules = Path.Combine(RepositoryPaths.Root, ".tools", "opcua", "node_modules");
            Assert.True(File.Exists(Path.Combine(modules, "node-opcua-client", "package.json")),
                "node-opcua-client is not installed under .tools/opcua: run " + SetupScript);
            return modules;
        }
    }

    public static async Task<JsonElement> RunAsync(string scenario, string url, string gateway, string user, string password)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "EdgeTwin.Service.Tests", "OpcUa", "gateway-client.js"));
        foreach (var arg in new[] { scenario, url, gateway, user, password })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["NODE_OPCUA_MODULES"] = Modules;
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail("node is not on PATH (" + ex.Message + "); install Node.js and run " + SetupScript);
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("node-opcua scenario " + scenario + " timed out; stderr: " + await stderr);
            }

            var line = (await stdout).Split('\n').LastOrDefault(l => l.StartsWith('{'));
            Assert.True(line is not null, "no JSON from " + scenario + "; stderr: " + await stderr);
            var json = JsonDocument.Parse(line!).RootElement.Clone();
            Assert.False(json.TryGetProperty("error", out var error), scenario + " failed: " + error);
            Assert.Equal(0, process.ExitCode);
            return json;
        }
    }
}
