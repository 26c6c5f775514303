using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.Gpio;

// The GPIO character device uAPI v2 (<linux/gpio.h>). Every struct is padded to 64-bit boundaries with
// __aligned_u64 fields, so these explicit layouts are the same on x86-64, arm64 and 32-bit ARM and a 32-bit
// process needs no compat translation.

[StructLayout(LayoutKind.Explicit, Size = 68)]
internal unsafe struct GpioChipInfo
{
    [FieldOffset(0)] public fixed byte Name[GpioUapi.MaxNameSize];
    [FieldOffset(32)] public fixed byte Label[GpioUapi.MaxNameSize];
    [FieldOffset(64)] public uint Lines;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct GpioV2LineAttribute
{
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public uint Padding;
    [FieldOffset(8)] public ulong Flags;
    [FieldOffset(8)] public ulong Values;
    [FieldOffset(8)] public uint DebouncePeriodUs;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct GpioV2LineConfigAttribute
{
    [FieldOffset(0)] public GpioV2LineAttribute Attr;
    [FieldOffset(16)] public ulong Mask;
}

[InlineArray(GpioUapi.NumAttrsMax)]
internal struct GpioV2LineConfigAttributes
{
    private GpioV2LineConfigAttribute _first;
}

[InlineArray(GpioUapi.NumAttrsMax)]
internal struct GpioV2LineAttributes
{
    private GpioV2LineAttribute _first;
}

[StructLayout(LayoutKind.Explicit, Size = 272)]
internal struct GpioV2LineConfig
{
    [FieldOffset(0)] public ulong Flags;
    [FieldOffset(8)] public uint NumAttrs;
    [FieldOffset(32)] public GpioV2LineConfigAttributes Attrs;
}

[StructLayout(LayoutKind.Explicit, Size = 592)]
internal unsafe struct GpioV2LineRequest
{
    [FieldOffset(0)] public fixed uint Offsets[GpioUapi.LinesMax];
    [FieldOffset(256)] public fixed byte Consumer[GpioUapi.MaxNameSize];
    [FieldOffset(288)] public GpioV2LineConfig Config;
    [FieldOffset(560)] public uint NumLines;
    [FieldOffset(564)] public uint EventBufferSize;
    [FieldOffset(588)] public int Fd;
}

[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct GpioV2LineInfo
{
    [FieldOffset(0)] public fixed byte Name[GpioUapi.MaxNameSize];
    [FieldOffset(32)] public fixed byte Consumer[GpioUapi.MaxNameSize];
    [FieldOffset(64)] public uint Offset;
    [FieldOffset(68)] public uint NumAttrs;
    [FieldOffset(72)] public ulong Flags;
    [FieldOffset(80)] public GpioV2LineAttributes Attrs;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct GpioV2LineValues
{
    [FieldOffset(0)] public ulong Bits;
    [FieldOffset(8)] public ulong Mask;
}

[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct GpioV2LineEvent
{
    [FieldOffset(0)] public ulong TimestampNs;
    [FieldOffset(8)] public uint Id;
    [FieldOffset(12)] public uint Offset;
    [FieldOffset(16)] public uint Seqno;
    [FieldOffset(20)] public uint LineSeqno;
}

internal static class GpioUapi
{
    public const int MaxNameSize = 32;
    public const int LinesMax = 64;
    public const int NumAttrsMax = 10;

    public const uint AttrIdFlags = 1;
    public const uint AttrIdOutputValues = 2;
    public const uint AttrIdDebounce = 3;

    public const uint EventRisingEdge = 1;
    public const uint EventFallingEdge = 2;

    private const uint Magic = 0xB4;

    public static readonly uint GPIO_GET_CHIPINFO_IOCTL = Interop.IoctlNumber.Ior(Magic, 0x01, 68);
    public static readonly uint GPIO_V2_GET_LINEINFO_IOCTL = Interop.IoctlNumber.Iowr(Magic, 0x05, 256);
    public static readonly uint GPIO_V2_GET_LINE_IOCTL = Interop.IoctlNumber.Iowr(Magic, 0x07, 592);
    public static readonly uint GPIO_V2_LINE_SET_CONFIG_IOCTL = Interop.IoctlNumber.Iowr(Magic, 0x0D, 272);
    public static readonly uint GPIO_V2_LINE_GET_VALUES_IOCTL = Interop.IoctlNumber.Iowr(Magic, 0x0E, 16);
    public static readonly uint GPIO_V2_LINE_SET_VALUES_IOCTL = Interop.IoctlNumber.Iowr(Magic, 0x0F, 16);
}
