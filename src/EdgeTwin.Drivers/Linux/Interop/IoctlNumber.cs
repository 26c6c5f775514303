namespace EdgeTwin.Drivers.Linux.Interop;

/// <summary>
/// The _IOC encoding of &lt;asm-generic/ioctl.h&gt;, used unchanged by x86-64, arm64 and 32-bit ARM:
/// nr in bits 0-7, type in 8-15, size in 16-29, direction in 30-31 (write = 1, read = 2, from user space's view).
/// </summary>
internal static class IoctlNumber
{
    private const int NrShift = 0;
    private const int TypeShift = 8;
    private const int SizeShift = 16;
    private const int DirShift = 30;
    private const uint SizeMask = (1u << 14) - 1;

    public const uint DirNone = 0;
    public const uint DirWrite = 1;
    public const uint DirRead = 2;

    public static uint Ioc(uint direction, uint type, uint nr, uint size)
    {
        if (size > SizeMask)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "an ioctl argument size must fit in 14 bits");
        }

        return (direction << DirShift) | (type << TypeShift) | (nr << NrShift) | (size << SizeShift);
    }

    public static uint Io(uint type, uint nr) => Ioc(DirNone, type, nr, 0);

    public static uint Ior(uint type, uint nr, uint size) => Ioc(DirRead, type, nr, size);

    public static uint Iow(uint type, uint nr, uint size) => Ioc(DirWrite, type, nr, size);

    public static uint Iowr(uint type, uint nr, uint size) => Ioc(DirRead | DirWrite, type, nr, size);
}
