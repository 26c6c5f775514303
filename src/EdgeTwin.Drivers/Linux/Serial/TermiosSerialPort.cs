using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// A serial port in raw mode through termios(3): what cfmakeraw does (no echo, no line editing, no signals, no
/// CR/NL translation, no output processing), 8 data bits, the chosen parity and stop bits, no flow control.
/// </summary>
/// <remarks>
/// VMIN = 1, VTIME = 0: a read returns as soon as one byte is there. The read timeout is done with poll(2)
/// before the read instead of VTIME, because VTIME's 0.1 s unit and its "inter-byte" meaning for VMIN &gt; 0
/// cannot express a plain "wait at most N ms for data".
/// </remarks>
public sealed unsafe class TermiosSerialPort : ISerialPort, IDisposable
{
    private readonly FileDescriptor _fd;
    private readonly int _readTimeoutMs;

    private TermiosSerialPort(string path, FileDescriptor fd, int readTimeoutMs)
    {
        PortName = path;
        _fd = fd;
        _readTimeoutMs = readTimeoutMs;
    }

    public string PortName { get; }

    /// <exception cref="BusException">The node is missing, not accessible or not a terminal.</exception>
    public static TermiosSerialPort Open(string path, SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!BaudRate.TryGetCode(settings.BaudRate, out _))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.BaudRate,
                $"unsupported baud rate; use one of {string.Join(", ", BaudRate.Supported)}");
        }

        if (settings.ReadTimeoutMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ReadTimeoutMs, "read timeout must not be negative");
        }

        // O_NOCTTY: a serial device must never become the service's controlling terminal (a hang-up would signal us).
        var fd = DeviceNode.Open(path, Libc.ORdWr | Libc.ONoCtty, DeviceKind.Serial);
        try
        {
            Configure(fd, path, settings);
        }
        catch
        {
            fd.Dispose();
            throw;
        }

        return new TermiosSerialPort(path, fd, settings.ReadTimeoutMs);
    }

    /// <summary>Applies raw mode and the line settings to an open terminal and discards stale input and output.</summary>
    internal static void Configure(FileDescriptor fd, string path, SerialSettings settings)
    {
        BaudRate.TryGetCode(settings.BaudRate, out var speed);
        Termios t;
        if (Libc.TcGetAttr(fd, &t) < 0)
        {
            var errno = Errno.Last;
            throw new BusException(BusFault.Unavailable, path,
                errno == Errno.ENOTTY ? "not a serial port (tcgetattr: not a terminal)" : $"tcgetattr failed ({Errno.Describe(errno)})");
        }

        Apply(ref t, settings);
        if (Libc.CfSetISpeed(&t, speed) < 0 || Libc.CfSetOSpeed(&t, speed) < 0)
        {
            throw new BusException(BusFault.IoError, path, $"cannot set {settings.BaudRate} baud ({Errno.Describe(Errno.Last)})");
        }

        if (Libc.TcSetAttr(fd, TermiosFlags.TCSANOW, &t) < 0)
        {
            throw new BusException(BusFault.IoError, path, $"tcsetattr failed ({Errno.Describe(Errno.Last)})");
        }

        Libc.TcFlush(fd, TermiosFlags.TCIOFLUSH);
    }

    /// <summary>The flag changes of raw mode plus the line settings (speed is set separately).</summary>
    internal static void Apply(ref Termios t, SerialSettings settings)
    {
        t.IFlag &= ~(TermiosFlags.IGNBRK | TermiosFlags.BRKINT | TermiosFlags.PARMRK | TermiosFlags.ISTRIP
            | TermiosFlags.INLCR | TermiosFlags.IGNCR | TermiosFlags.ICRNL | TermiosFlags.IXON
            | TermiosFlags.IXOFF | TermiosFlags.IXANY | TermiosFlags.INPCK | TermiosFlags.IGNPAR);
        t.OFlag &= ~TermiosFlags.OPOST;
        t.LFlag &= ~(TermiosFlags.ECHO | TermiosFlags.ECHONL | TermiosFlags.ICANON | TermiosFlags.ISIG | TermiosFlags.IEXTEN);
        t.CFlag &= ~(TermiosFlags.CSIZE | TermiosFlags.PARENB | TermiosFlags.PARODD | TermiosFlags.CSTOPB | TermiosFlags.CRTSCTS);
        t.CFlag |= TermiosFlags.CS8 | TermiosFlags.CREAD | TermiosFlags.CLOCAL;

        switch (settings.Parity)
        {
            case SerialParity.Even:
                t.CFlag |= TermiosFlags.PARENB;
                t.IFlag |= TermiosFlags.INPCK;
                break;
            case SerialParity.Odd:
                t.CFlag |= TermiosFlags.PARENB | TermiosFlags.PARODD;
                t.IFlag |= TermiosFlags.INPCK;
                break;
        }

        if (settings.StopBits == SerialStopBits.Two)
        {
            t.CFlag |= TermiosFlags.CSTOPB;
        }

        t.Cc[TermiosFlags.VMIN] = 1;
        t.Cc[TermiosFlags.VTIME] = 0;
    }

    /// <exception cref="BusException">The device went away (USB adapter unplugged, hang-up).</exception>
    public int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var pfd = new PollFd { Fd = _fd.Value, Events = Libc.PollIn };
        int ready;
        int errno;
        do
        {
            ready = Libc.Poll(&pfd, 1, _readTimeoutMs);
            errno = ready < 0 ? Errno.Last : 0;
        }
        while (ready < 0 && errno == Errno.EINTR);

        if (ready < 0)
        {
            throw new BusException(BusFault.IoError, PortName, $"poll failed ({Errno.Describe(errno)})");
        }

        if (ready == 0)
        {
            return 0;
        }

        if ((pfd.Revents & Libc.PollIn) == 0)
        {
            throw new BusException(BusFault.Unavailable, PortName, "the port hung up (device unplugged or closed)");
        }

        nint read;
        fixed (byte* p = buffer)
        {
            read = Interrupted.Restart(&Libc.Read, _fd, p, (nuint)buffer.Length, out errno);
        }

        if (read < 0)
        {
            throw new BusException(errno == Errno.EIO ? BusFault.Unavailable : BusFault.IoError, PortName, $"read failed ({Errno.Describe(errno)})");
        }

        if (read == 0)
        {
            throw new BusException(BusFault.Unavailable, PortName, "end of file: the port hung up");
        }

        return (int)read;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var written = Libc.Write(_fd, p + done, (nuint)(data.Length - done));
                if (written < 0)
                {
                    var errno = Errno.Last;
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new BusException(BusFault.IoError, PortName, $"write failed ({Errno.Describe(errno)})");
                }

                done += (int)written;
            }
        }
    }

    /// <summary>The settings as the kernel holds them now (read back with tcgetattr).</summary>
    internal Termios ReadAttributes()
    {
        Termios t;
        if (Libc.TcGetAttr(_fd, &t) < 0)
        {
            throw new BusException(BusFault.IoError, PortName, $"tcgetattr failed ({Errno.Describe(Errno.Last)})");
        }

        return t;
    }

    public void Dispose() => _fd.Dispose();
}
