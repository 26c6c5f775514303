using System.Runtime.InteropServices;

namespace EdgeTwin.Drivers.Linux.I2c;

// <linux/i2c.h> struct i2c_msg and <linux/i2c-dev.h> struct i2c_rdwr_ioctl_data / i2c_smbus_ioctl_data carry
// a user pointer, so their size follows the process ABI: one explicit layout per pointer width. A 32-bit
// process on a 64-bit kernel (armhf Raspberry Pi OS on an arm64 kernel) passes the 32-bit layout; the kernel's
// compat_ioctl converts it.

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct I2cMsg64
{
    [FieldOffset(0)] public ushort Addr;
    [FieldOffset(2)] public ushort Flags;
    [FieldOffset(4)] public ushort Len;
    [FieldOffset(8)] public ulong Buf;
}

[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct I2cMsg32
{
    [FieldOffset(0)] public ushort Addr;
    [FieldOffset(2)] public ushort Flags;
    [FieldOffset(4)] public ushort Len;
    [FieldOffset(8)] public uint Buf;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct I2cRdwrIoctlData64
{
    [FieldOffset(0)] public ulong Msgs;
    [FieldOffset(8)] public uint NMsgs;
}

[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct I2cRdwrIoctlData32
{
    [FieldOffset(0)] public uint Msgs;
    [FieldOffset(4)] public uint NMsgs;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct I2cSmbusIoctlData64
{
    [FieldOffset(0)] public byte ReadWrite;
    [FieldOffset(1)] public byte Command;
    [FieldOffset(4)] public uint Size;
    [FieldOffset(8)] public ulong Data;
}

[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct I2cSmbusIoctlData32
{
    [FieldOffset(0)] public byte ReadWrite;
    [FieldOffset(1)] public byte Command;
    [FieldOffset(4)] public uint Size;
    [FieldOffset(8)] public uint Data;
}

/// <summary>union i2c_smbus_data: byte, word or a block of I2C_SMBUS_BLOCK_MAX + 2 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 34)]
internal struct I2cSmbusData
{
    [FieldOffset(0)] public byte Byte;
    [FieldOffset(0)] public ushort Word;
}
