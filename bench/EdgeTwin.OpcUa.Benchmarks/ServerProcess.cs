using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>A server under test in its own process: started, waited for ("LISTENING"), measured, stopped by closing stdin.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string EndpointUrl => "opc.tcp://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public int Pid => _process.Id;

    /// <summary>Resident set size now, from /proc/&lt;pid&gt;/status (VmRSS).</summary>
    public long RssBytes => ProcStatus("VmRSS:");

    /// <summary>Peak resident set size (VmHWM).</summary>
    public long PeakRssBytes => ProcStatus("VmHWM:");

    public static Task<ServerProcess> StartOursAsync(int signals, int updateMs)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeTwin.OpcUa.Benchmarks.dll"));
        foreach (var a in new[] { "serve", "--port", Str(port), "--signals", Str(signals), "--update-ms", Str(updateMs) })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        return StartAsync("EdgeTwin.OpcUa", psi, port);
    }

    public static Task<ServerProcess> StartNodeOpcUaAsync(int signals, int updateMs)
    {
        var modules = Path.Combine(RepoRoot(), ".tools", "opcua", "node_modules");
        if (!File.Exists(Path.Combine(modules, "node-opcua-server", "package.json")))
        {
            throw new InvalidOperationException("node-opcua-server is not installed under .tools/opcua: run scripts/setup/node-opcua-server.sh");
        }

        var port = FreePort();
        var psi = new ProcessStartInfo("node");
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "node-server.js"), "--port", Str(port), "--signals", Str(signals), "--update-ms", Str(updateMs) })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NODE_OPCUA_MODULES"] = modules;
        return StartAsync("node-opcua-server", psi, port);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeTwin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeTwin.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<ServerProcess> StartAsync(string name, ProcessStartInfo psi, int port)
    {
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + name);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException(name + " exited before listening: " + await stderr);
                if (line.StartsWith("LISTENING", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        // Keep draining stdout so a chatty server never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new ServerProcess(name, process, port);
    }

    private long ProcStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/" + _process.Id.ToString(CultureInfo.InvariantCulture) + "/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
