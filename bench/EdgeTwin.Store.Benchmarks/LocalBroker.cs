using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeTwin.Store.Benchmarks;

/// <summary>A mosquitto on a free loopback port for the run (no persistence), killed at the end.</summary>
internal sealed class LocalBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private LocalBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<LocalBroker> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var directory = Directory.CreateTempSubdirectory("edgetwin-drain-bench-").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        var user = Environment.UserName == "root" ? "user root\n" : "";
        await File.WriteAllTextAsync(config, $"{user}listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
        var start = new ProcessStartInfo(Find("mosquitto")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
        }

        return new LocalBroker(process, directory, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator).Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' not found; run scripts/setup/mosquitto.sh.");
    }
}
