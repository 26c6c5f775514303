using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.Spi;

/// <summary>
/// struct spi_ioc_transfer of &lt;linux/spi/spidev.h&gt;. Buffers are __u64 even on 32-bit ABIs, so the layout is
/// 32 bytes everywhere and a 32-bit process needs no compat translation.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct SpiIocTransfer
{
    [FieldOffset(0)] public ulong TxBuf;
    [FieldOffset(8)] public ulong RxBuf;
    [FieldOffset(16)] public uint Len;
    [FieldOffset(20)] public uint SpeedHz;
    [FieldOffset(24)] public ushort DelayUsecs;
    [FieldOffset(26)] public byte BitsPerWord;
    [FieldOffset(27)] public byte CsChange;
    [FieldOffset(28)] public byte TxNbits;
    [FieldOffset(29)] public byte RxNbits;
    [FieldOffset(30)] public byte WordDelayUsecs;
    [FieldOffset(31)] public byte Pad;
}
