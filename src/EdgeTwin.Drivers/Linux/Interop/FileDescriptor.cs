using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>An owned Linux file descriptor; closing is reference-counted against concurrent P/Invoke use.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle == new IntPtr(-1);

    public int Value => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
