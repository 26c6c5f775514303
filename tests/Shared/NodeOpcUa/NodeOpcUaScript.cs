using System.Diagnostics;
using System.Text.Json;

namespace EdgeTwin.Tests.NodeOpcUa;

/// <summary>
/// Runs one scenario of a node-opcua-client script (the independent OPC UA peer, built on opcua-client.js) and returns
/// the JSON line it printed last. A missing node or node-opcua, a timeout, an error result or a non-zero exit fails the test.
/// </summary>
internal static class NodeOpcUaScript
{
    public const string SetupScript = "scripts/setup/node-opcua.sh";

    /// <summary>Where <see cref="SetupScript"/> installs node-opcua-client: .tools/opcua under the repository root.</summary>
    public static string Modules(string repositoryRoot)
    {
        var modules = Path.Combine(repositoryRoot, ".tools", "opcua", "node_modules");
        Assert.True(File.Exists(Path.Combine(modules, "node-opcua-client", "package.json")),
            "node-opcua-client is not installed under .tools/opcua: run " + SetupScript);
        return modules;
    }

    /// <param name="script">The scenario script, copied to the test output beside opcua-client.js.</param>
    /// <param name="arguments">The scenario name first, then what the script's usage line asks for.</param>
    public static async Task<JsonElement> RunAsync(string script, string repositoryRoot, TimeSpan timeout, params string[] arguments)
    {
        var scenario = arguments[0];
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["NODE_OPCUA_MODULES"] = Modules(repositoryRoot);
        Process process;
        try
        {
            process = Process.Start(psi)!;
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
