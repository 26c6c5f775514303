using System.Net.Sockets;
using System.Text;

namespace EdgeTwin.Service.Tests.Systemd;

/// <summary>The systemd side of sd_notify: a datagram socket the test owns, bound at a path or an abstract name.</summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _path;

    public NotifyListener(bool @abstract = false)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        if (@abstract)
        {
            SocketName = "@edgetwin-test-" + id;
            _socket.Bind(new UnixDomainSocketEndPoint("\0edgetwin-test-" + id));
        }
        else
        {
            _path = Path.Combine(Path.GetTempPath(), $"edgetwin-notify-{id}.sock");
            SocketName = _path;
            _socket.Bind(new UnixDomainSocketEndPoint(_path));
        }
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string SocketName { get; }

    public string? Receive(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var buffer = new byte[4096];
        try
        {
            var n = _socket.Receive(buffer);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return null;
        }
    }

    /// <summary>Receives until a datagram containing <paramref name="marker"/> arrives; returns it, or null on timeout.</summary>
    public string? WaitFor(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var message = Receive(deadline - DateTime.UtcNow);
            if (message is not null && message.Split('\n').Contains(marker))
            {
                return message;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }
}
