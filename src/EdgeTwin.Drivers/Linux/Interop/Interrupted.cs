namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>
/// read(2)/write(2) restarted while a signal interrupts them before any data moved (EINTR; signal(7), "Interruption
/// of system calls and library functions by signal handlers"): the runtime's own signal handling makes this routine.
/// </summary>
internal static unsafe class Interrupted
{
    /// <returns>What the call returned; <paramref name="errno"/> is its errno when that is negative, else 0.</returns>
    public static nint Restart<THandle>(delegate*<THandle, byte*, nuint, nint> transfer, THandle fd, byte* buffer, nuint count, out int errno)
    {
        nint result;
        do
        {
            result = transfer(fd, buffer, count);
            errno = result < 0 ? Errno.Last : 0;
        }
        while (result < 0 && errno == Errno.EINTR);

        return result;
    }
}
