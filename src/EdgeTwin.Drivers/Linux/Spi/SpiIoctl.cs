using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Spi;

/// <summary>Request numbers of &lt;linux/spi/spidev.h&gt; (magic 'k').</summary>
internal static class SpiIoctl
{
    private const uint Magic = 'k';

    public static readonly uint SPI_IOC_WR_MODE = IoctlNumber.Iow(Magic, 1, sizeof(byte));
    public static readonly uint SPI_IOC_RD_MODE = IoctlNumber.Ior(Magic, 1, sizeof(byte));
    public static readonly uint SPI_IOC_WR_BITS_PER_WORD = IoctlNumber.Iow(Magic, 3, sizeof(byte));
    public static readonly uint SPI_IOC_RD_BITS_PER_WORD = IoctlNumber.Ior(Magic, 3, sizeof(byte));
    public static readonly uint SPI_IOC_WR_MAX_SPEED_HZ = IoctlNumber.Iow(Magic, 4, sizeof(uint));
    public static readonly uint SPI_IOC_RD_MAX_SPEED_HZ = IoctlNumber.Ior(Magic, 4, sizeof(uint));
    public static readonly uint SPI_IOC_WR_MODE32 = IoctlNumber.Iow(Magic, 5, sizeof(uint));
    public static readonly uint SPI_IOC_RD_MODE32 = IoctlNumber.Ior(Magic, 5, sizeof(uint));

    /// <summary>The most transfers one SPI_IOC_MESSAGE can carry: their total size must fit the 14-bit size field.</summary>
    public const int MaxTransfers = ((1 << 14) - 1) / 32;

    /// <summary>SPI_IOC_MESSAGE(n) = _IOW('k', 0, char[n * sizeof(struct spi_ioc_transfer)]).</summary>
    public static uint Message(int transferCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transferCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(transferCount, MaxTransfers);
        return IoctlNumber.Iow(Magic, 0, (uint)(transferCount * 32));
    }
}
