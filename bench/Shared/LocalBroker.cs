using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeTwin.Bench.Shared;

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

    /// <param name="maxQueuedMessages">
    /// mosquitto.conf <c>max_queued_messages</c>; null keeps mosquitto's default (1000), which drops QoS 1/2 messages
    /// queued beyond it for a subscriber that falls behind.
    /// </param>
    public static async Task<LocalBroker> StartAsync(int? maxQueuedMessages = null)
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("edgetwin-bench-").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        var user = Environment.UserName == "root" ? "user root\n" : "";
        var queue = maxQueuedMessages is { } max ? $"max_queued_messages {max}\n" : "";
        await File.WriteAllTextAsync(config, $"{user}listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n{queue}");
        var start = new ProcessStartInfo(Tools.Find("mosquitto")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
