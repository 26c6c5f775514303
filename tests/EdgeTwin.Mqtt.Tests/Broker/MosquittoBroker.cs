using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeTwin.Mqtt.Tests.Broker;

/// <summary>
/// A real mosquitto process on free loopback ports: a plain listener (anonymous or user/password), a TLS listener
/// and a TLS listener that requires a client certificate. Restartable on the same ports; killed on dispose.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string UserName = "edgetwin";
    public const string Password = "s3cret-pass";

    private readonly StringBuilder _log = new();
    private readonly string _directory;
    private Process? _process;

    private MosquittoBroker(string directory, TestCertificates certificates)
    {
        _directory = directory;
        Certificates = certificates;
        Port = FreePort();
        TlsPort = FreePort();
        MutualTlsPort = FreePort();
    }

    public int Port { get; }

    public int TlsPort { get; }

    public int MutualTlsPort { get; }

    internal TestCertificates Certificates { get; }

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

    public static async Task<MosquittoBroker> StartAsync()
    {
        var mosquitto = ExternalTools.Mosquitto;
        var directory = Directory.CreateTempSubdirectory("edgetwin-mosquitto-").FullName;
        try
        {
            var certificates = await TestCertificates.CreateAsync(directory);
            var broker = new MosquittoBroker(directory, certificates);
            await ProcessRunner.RunAsync(ExternalTools.MosquittoPasswd, ["-b", "-c", Path.Combine(directory, "passwd"), UserName, Password]);
            await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), broker.Configuration());
            await broker.StartProcessAsync(mosquitto);
            return broker;
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Kills the broker abruptly, as a crash would; no DISCONNECT reaches the clients.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public Task RestartAsync() => StartProcessAsync(ExternalTools.Mosquitto);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying process; the temp directory is cleaned up by the OS later.
        }
    }

    private string Configuration()
    {
        var c = Certificates;
        var runAsRoot = Environment.UserName == "root" ? "user root\n" : "";
        return $"""
            per_listener_settings false
            allow_anonymous true
            password_file {Path.Combine(_directory, "passwd")}
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            {runAsRoot}
            listener {Port} 127.0.0.1

            listener {TlsPort} 127.0.0.1
            cafile {c.CaCertificate}
            certfile {c.ServerCertificate}
            keyfile {c.ServerKey}
            require_certificate false

            listener {MutualTlsPort} 127.0.0.1
            cafile {c.CaCertificate}
            certfile {c.ServerCertificate}
            keyfile {c.ServerKey}
            require_certificate true
            """;
    }

    private async Task StartProcessAsync(string mosquitto)
    {
        var start = new ProcessStartInfo(mosquitto)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start mosquitto.");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        foreach (var port in new[] { Port, TlsPort, MutualTlsPort })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await KillAsync();
                    throw new InvalidOperationException($"mosquitto did not accept on 127.0.0.1:{port} within 10 s. Log:\n{Log}");
                }

                await Task.Delay(20);
            }
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

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
