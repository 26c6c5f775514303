using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EdgeTwin.Service.Tests.Configuration;

/// <summary>A real pseudo-terminal pair: the slave path stands in for a UART the configuration names.</summary>
internal sealed partial class PtyPair : IDisposable
{
    private const int ORdWr = 0x2;
    private const int ONoCtty = 0x100;

    private readonly SafeFileHandle _master;
    private readonly FileStream _writer;

    public PtyPair()
    {
        var fd = PosixOpenPt(ORdWr | ONoCtty);
        if (fd < 0)
        {
            throw new IOException($"posix_openpt failed (errno {Marshal.GetLastPInvokeError()})");
        }

        _master = new SafeFileHandle(fd, ownsHandle: true);
        var name = new byte[128];
        if (GrantPt(fd) != 0 || UnlockPt(fd) != 0 || PtsNameR(fd, name, (nuint)name.Length) != 0)
        {
            _master.Dispose();
            throw new IOException($"pty setup failed (errno {Marshal.GetLastPInvokeError()})");
        }

        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        _writer = new FileStream(_master, FileAccess.Write, bufferSize: 0);
    }

    public string SlavePath { get; }

    public void Write(string text)
    {
        _writer.Write(Encoding.ASCII.GetBytes(text));
        _writer.Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _master.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    private static partial int PtsNameR(int fd, [Out] byte[] buffer, nuint length);
}
