using System.Text;
using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>Opens device and sysfs nodes; every failure names the file and the fix.</summary>
internal static unsafe class DeviceNode
{
    /// <summary>PATH_MAX from &lt;linux/limits.h&gt;.</summary>
    public const int PathMax = 4096;

    public static FileDescriptor Open(string path, int flags, DeviceKind kind)
    {
        if (!TryOpen(path, flags, out var fd, out var errno))
        {
            throw Unavailable(path, kind, errno);
        }

        return fd;
    }

    public static bool TryOpen(string path, int flags, out FileDescriptor fd, out int errno)
    {
        var byteCount = Encoding.UTF8.GetByteCount(path);
        if (byteCount >= PathMax)
        {
            throw new ArgumentException($"device path is longer than PATH_MAX ({PathMax} bytes)", nameof(path));
        }

        Span<byte> buffer = stackalloc byte[byteCount + 1];
        Encoding.UTF8.GetBytes(path, buffer);
        buffer[byteCount] = 0;
        return TryOpen(buffer, flags, out fd, out errno);
    }

    /// <summary>Opens a NUL-terminated UTF-8 path without allocating (used on per-write sysfs paths).</summary>
    public static bool TryOpen(ReadOnlySpan<byte> nulTerminatedPath, int flags, out FileDescriptor fd, out int errno)
    {
        int raw;
        fixed (byte* p = nulTerminatedPath)
        {
            do
            {
                raw = Libc.Open(p, flags | Libc.OCloExec, 0);
                errno = raw < 0 ? Errno.Last : 0;
            }
            while (raw < 0 && errno == Errno.EINTR);
        }

        fd = new FileDescriptor(raw);
        return raw >= 0;
    }

    public static BusException Unavailable(string path, DeviceKind kind, int errno) =>
        new(BusFault.Unavailable, path, DeviceAccessHint.Describe(path, kind, errno));
}
