using System.Runtime.InteropServices;
using EdgeTwin.Drivers.Linux.Serial;

namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>
/// The libc entry points the bus drivers use. Blittable signatures only (no marshalling beyond SafeHandle
/// ref-counting), so the generated stubs are AOT-safe and allocation-free.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(SafeHandle fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeHandle fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeHandle fd, nuint request, void* argument);

    /// <summary>For requests whose argument is a value, not a pointer (I2C_SLAVE takes the address as a long).</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlValue(SafeHandle fd, nuint request, nint argument);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(SafeHandle fd, Termios* termios);

    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(SafeHandle fd, int optionalActions, Termios* termios);

    [LibraryImport(Library, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int CfSetISpeed(Termios* termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int CfSetOSpeed(Termios* termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfgetospeed")]
    public static partial uint CfGetOSpeed(Termios* termios);

    [LibraryImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(SafeHandle fd, int queueSelector);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(SafeHandle fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(SafeHandle fd);

    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    public static partial int PtsNameR(SafeHandle fd, byte* buffer, nuint length);

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int ORdWr = 2;

    // <asm-generic/fcntl.h>: the same values on x86-64, arm64 and 32-bit ARM.
    public const int ONoCtty = 0x100;
    public const int OTrunc = 0x200;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const short PollNval = 0x020;
}

/// <summary>struct pollfd (poll(2)): 8 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
