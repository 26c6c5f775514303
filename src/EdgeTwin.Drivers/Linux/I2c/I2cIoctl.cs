namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>Request numbers and constants of &lt;linux/i2c-dev.h&gt; and &lt;linux/i2c.h&gt;.</summary>
internal static class I2cIoctl
{
    // i2c-dev predates _IOC: these are bare numbers with no size or direction encoded, on every ABI.
    public const uint I2C_SLAVE = 0x0703;
    public const uint I2C_FUNCS = 0x0705;
    public const uint I2C_RDWR = 0x0707;
    public const uint I2C_SMBUS = 0x0720;

    public const ushort I2C_M_RD = 0x0001;

    /// <summary>i2c-dev rejects longer messages (drivers/i2c/i2c-dev.c, 8192-byte bounce buffer limit).</summary>
    public const int MaxMessageLength = 8192;

    public const byte I2C_SMBUS_READ = 1;
    public const byte I2C_SMBUS_WRITE = 0;
    public const uint I2C_SMBUS_QUICK = 0;
    public const uint I2C_SMBUS_BYTE = 1;
}

/// <summary>The adapter functionality bits reported by I2C_FUNCS (&lt;linux/i2c.h&gt; I2C_FUNC_*).</summary>
[Flags]
public enum I2cFunctionality : ulong
{
    None = 0,
    /// <summary>Plain I2C transfers: required for combined write-then-read (I2C_RDWR).</summary>
    I2c = 0x00000001,
    TenBitAddress = 0x00000002,
    ProtocolMangling = 0x00000004,
    SmbusPec = 0x00000008,
    NoStart = 0x00000010,
    SmbusQuick = 0x00010000,
    SmbusReadByte = 0x00020000,
    SmbusWriteByte = 0x00040000,
    SmbusReadByteData = 0x00080000,
    SmbusWriteByteData = 0x00100000,
    SmbusReadWordData = 0x00200000,
    SmbusWriteWordData = 0x00400000,
    SmbusReadI2cBlock = 0x04000000,
    SmbusWriteI2cBlock = 0x08000000,
}
