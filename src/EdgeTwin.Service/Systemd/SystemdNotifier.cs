using System.Net.Sockets;
using System.Text;

namespace EdgeTwin.Service.Systemd;

/// <summary>
/// The sd_notify(3) protocol: one datagram per message to the AF_UNIX socket named in <c>NOTIFY_SOCKET</c>
/// (a path, or an abstract name written with a leading '@'). Without that variable — not started by systemd —
/// every call is a no-op.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly Lock _lock = new();

    public SystemdNotifier()
        : this(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"))
    {
    }

    public SystemdNotifier(string? socketName)
    {
        if (string.IsNullOrEmpty(socketName))
        {
            return;
        }

        // Abstract socket names start with a NUL byte on the wire; systemd writes it as '@'.
        var name = socketName[0] == '@' ? "\0" + socketName[1..] : socketName;
        _endpoint = new UnixDomainSocketEndPoint(name);
        // Non-blocking: a receiver that does not read (a stuck manager, a test harness) fills the socket's queue, and a
        // blocking send would then hang whatever notifies — the watchdog loop, and shutdown on STOPPING=1. A message
        // that does not fit is dropped instead; the next watchdog ping or status follows within seconds.
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
    }

    public bool IsEnabled => _socket is not null;

    /// <summary>Watchdog interval systemd expects pings within, from <c>WATCHDOG_USEC</c> (and <c>WATCHDOG_PID</c>).</summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!long.TryParse(usec, out var microseconds) || microseconds <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(microseconds);
    }

    public bool Ready(string status) => Send($"READY=1\nSTATUS={Sanitize(status)}\nMAINPID={Environment.ProcessId}");

    public bool Status(string status) => Send($"STATUS={Sanitize(status)}");

    public bool Watchdog() => Send("WATCHDOG=1");

    public bool Stopping(string status) => Send($"STOPPING=1\nSTATUS={Sanitize(status)}");

    /// <summary>Sends one raw notification; false when not under systemd or when the send failed.</summary>
    public bool Send(string message)
    {
        if (_socket is null)
        {
            return false;
        }

        try
        {
            lock (_lock)
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(message), _endpoint!);
            }

            return true;
        }
        catch (SocketException)
        {
            // systemd gone (e.g. during shutdown), or its queue full (WouldBlock): notifications are best-effort by design.
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();

    private static string Sanitize(string status) => status.Replace('\n', ' ');
}
