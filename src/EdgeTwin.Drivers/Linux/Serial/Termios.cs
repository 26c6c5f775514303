using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// glibc's struct termios (bits/termios-struct.h) on x86-64, arm64 and 32-bit ARM: four tcflag_t, c_line,
/// NCCS = 32 control characters, then the two speed_t fields — 60 bytes on all three.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 60)]
internal unsafe struct Termios
{
    public const int Nccs = 32;

    [FieldOffset(0)] public uint IFlag;
    [FieldOffset(4)] public uint OFlag;
    [FieldOffset(8)] public uint CFlag;
    [FieldOffset(12)] public uint LFlag;
    [FieldOffset(16)] public byte Line;
    [FieldOffset(17)] public fixed byte Cc[Nccs];
    [FieldOffset(52)] public uint ISpeed;
    [FieldOffset(56)] public uint OSpeed;
}

/// <summary>
/// Flag bits and control-character indices of &lt;asm-generic/termbits.h&gt; (octal there), shared by x86-64,
/// arm64 and 32-bit ARM.
/// </summary>
internal static class TermiosFlags
{
    // c_iflag
    public const uint IGNBRK = 0x0001;
    public const uint BRKINT = 0x0002;
    public const uint IGNPAR = 0x0004;
    public const uint PARMRK = 0x0008;
    public const uint INPCK = 0x0010;
    public const uint ISTRIP = 0x0020;
    public const uint INLCR = 0x0040;
    public const uint IGNCR = 0x0080;
    public const uint ICRNL = 0x0100;
    public const uint IXON = 0x0400;
    public const uint IXANY = 0x0800;
    public const uint IXOFF = 0x1000;

    // c_oflag
    public const uint OPOST = 0x0001;

    // c_cflag
    public const uint CSIZE = 0x0030;
    public const uint CS8 = 0x0030;
    public const uint CSTOPB = 0x0040;
    public const uint CREAD = 0x0080;
    public const uint PARENB = 0x0100;
    public const uint PARODD = 0x0200;
    public const uint CLOCAL = 0x0800;
    public const uint CRTSCTS = 0x80000000;

    // c_lflag
    public const uint ISIG = 0x0001;
    public const uint ICANON = 0x0002;
    public const uint ECHO = 0x0008;
    public const uint ECHONL = 0x0040;
    public const uint IEXTEN = 0x8000;

    // c_cc indices
    public const int VTIME = 5;
    public const int VMIN = 6;

    public const int TCSANOW = 0;
    public const int TCIFLUSH = 0;
    public const int TCIOFLUSH = 2;
}
