using System.Diagnostics;
using System.Text.Json;

namespace EdgeTwin.OpcUa.Tests.Interop;

/// <summary>Runs a scenario of interop.js (node-opcua-client) and returns the JSON it printed.</summary>
internal static class NodeOpcUaClient
{
    public static async Task<JsonElement> RunAsync(string scenario, string url, TimeSpan timeout, params string[] extra)
    {
        var modules = RepoPaths.NodeModules;
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "interop.js");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(scenario);
        psi.ArgumentList.Add(url);
        foreach (var e in extra)
        {
            psi.ArgumentList.Add(e);
        }

        psi.Environment["NODE_OPCUA_MODULES"] = modules;
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail("node is not on PATH (" + ex.Message + "); install Node.js and run " + RepoPaths.SetupScript);
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
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
