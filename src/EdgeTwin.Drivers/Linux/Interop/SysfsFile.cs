using System.Buffers.Text;
using System.Text;
using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>
/// One sysfs attribute file, opened, read or written and closed per access (sysfs attributes are meant to be
/// used that way: each write(2) is one store call). The path is encoded once, so an access allocates nothing.
/// </summary>
internal sealed unsafe class SysfsFile : IOneWireSlave
{
    private readonly byte[] _path;

    public SysfsFile(string path, DeviceKind kind)
    {
        Path = path;
        Kind = kind;
        _path = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, _path);
    }

    public string Path { get; }

    public DeviceKind Kind { get; }

    public bool Exists => File.Exists(Path);

    public void Write(long value)
    {
        Span<byte> text = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, text, out var length);
        Write(text[..length]);
    }

    public void Write(ReadOnlySpan<byte> text)
    {
        var fd = OpenRaw(Libc.OWrOnly | Libc.OTrunc);
        try
        {
            fixed (byte* p = text)
            {
                var written = Interrupted.Restart(&Libc.Write, fd, p, (nuint)text.Length, out var errno);

                if (written < 0)
                {
                    // EINVAL is how a PWM driver rejects a value (duty above period, period out of range).
                    throw new BusException(BusFault.IoError, Path, $"writing \"{Encoding.ASCII.GetString(text)}\" failed ({Errno.Describe(errno)})");
                }
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Reads the file into <paramref name="buffer"/> and returns the text without trailing whitespace.</summary>
    public ReadOnlySpan<byte> Read(Span<byte> buffer)
    {
        var fd = OpenRaw(Libc.ORdOnly);
        nint read;
        try
        {
            fixed (byte* p = buffer)
            {
                read = Interrupted.Restart(&Libc.Read, fd, p, (nuint)buffer.Length, out var errno);

                if (read < 0)
                {
                    throw new BusException(BusFault.IoError, Path, $"read failed ({Errno.Describe(errno)})");
                }
            }
        }
        finally
        {
            Libc.Close(fd);
        }

        return buffer[..(int)read].TrimEnd("\n\r\t "u8);
    }

    public long ReadInt64()
    {
        Span<byte> buffer = stackalloc byte[32];
        var text = Read(buffer);
        if (!Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length)
        {
            throw new BusException(BusFault.IoError, Path, $"expected an integer, read \"{Encoding.ASCII.GetString(text)}\"");
        }

        return value;
    }

    private int OpenRaw(int flags)
    {
        int fd;
        int errno;
        fixed (byte* p = _path)
        {
            do
            {
                fd = Libc.Open(p, flags | Libc.OCloExec, 0);
                errno = fd < 0 ? Errno.Last : 0;
            }
            while (fd < 0 && errno == Errno.EINTR);
        }

        return fd >= 0 ? fd : throw DeviceNode.Unavailable(Path, Kind, errno);
    }
}
