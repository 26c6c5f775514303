using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// A real mosquitto on a free loopback port, with persistence in its own temp folder so a graceful stop
/// (SIGTERM) and restart keeps subscribers' sessions and their queued QoS 1 messages. Killed on dispose.
/// </summary>
internal sealed partial class Mosquitto : IDisposable
{
    private static readonly string[] SearchDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"];
    private readonly StringBuilder _log = new();
    private readonly string _directory;
    private System.Diagnostics.Process? _process;

    public Mosquitto()
        : this("")
    {
    }

    /// <param name="listenerConfig">Extra mosquitto.conf lines after the listener line (TLS files, acl_file, …).</param>
    public Mosquitto(string listenerConfig)
    {
        _directory = Directory.CreateTempSubdirectory("edgetwin-uplink-mosquitto-").FullName;
        Port = FreePort();
        var runAsRoot = Environment.UserName == "root" ? "user root\n" : "";
        File.WriteAllText(Path.Combine(_directory, "mosquitto.conf"), $"""
            allow_anonymous true
            persistence true
            persistence_location {_directory}/
            max_queued_messages 0
            max_inflight_messages 0
            log_dest stderr
            log_type error
            log_type warning
            {runAsRoot}
            listener {Port} 127.0.0.1
            {listenerConfig}
            """);
    }

    public int Port { get; }

    public string ConfigDirectory => _directory;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static string Executable => Find("mosquitto");

    public void Start()
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start mosquitto");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Accepts())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Dispose();
                throw new InvalidOperationException($"mosquitto did not accept on 127.0.0.1:{Port} within 10 s. Log:\n{Log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>SIGTERM: mosquitto saves its sessions and queued messages before exiting.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            Assert.Equal(0, kill(process.Id, 15));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "mosquitto did not stop within 10 s of SIGTERM");
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(SearchDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH or in /usr/sbin. Run scripts/setup/mosquitto.sh.");
    }

    private bool Accepts()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
