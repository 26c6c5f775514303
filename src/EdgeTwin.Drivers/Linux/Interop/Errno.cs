using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>
/// errno values from &lt;asm-generic/errno-base.h&gt; and &lt;asm-generic/errno.h&gt;; x86-64, arm64 and 32-bit ARM
/// all use the generic numbering.
/// </summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
    public const int EPROTO = 71;
    public const int EBADMSG = 74;
    public const int EOPNOTSUPP = 95;
    public const int ETIMEDOUT = 110;
    public const int EREMOTEIO = 121;

    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>The libc text for an errno, e.g. "No such file or directory (ENOENT)".</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
