using System.Text;
using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Linux.Spi;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed unsafe class KernelAbiTests
{
    [Fact]
    public void Ioctl_numbers_match_the_literal_values_of_the_uapi_headers()
    {
        Assert.Equal(0x0703u, I2cIoctl.I2C_SLAVE);
        Assert.Equal(0x0705u, I2cIoctl.I2C_FUNCS);
        Assert.Equal(0x0707u, I2cIoctl.I2C_RDWR);
        Assert.Equal(0x0720u, I2cIoctl.I2C_SMBUS);

        Assert.Equal(0x40016B01u, SpiIoctl.SPI_IOC_WR_MODE);
        Assert.Equal(0x40046B05u, SpiIoctl.SPI_IOC_WR_MODE32);
        Assert.Equal(0x80046B05u, SpiIoctl.SPI_IOC_RD_MODE32);
        Assert.Equal(0x40016B03u, SpiIoctl.SPI_IOC_WR_BITS_PER_WORD);
        Assert.Equal(0x40046B04u, SpiIoctl.SPI_IOC_WR_MAX_SPEED_HZ);
        Assert.Equal(0x40206B00u, SpiIoctl.Message(1));
        Assert.Equal(0x40606B00u, SpiIoctl.Message(3));

        Assert.Equal(0x8044B401u, GpioUapi.GPIO_GET_CHIPINFO_IOCTL);
        Assert.Equal(0xC100B405u, GpioUapi.GPIO_V2_GET_LINEINFO_IOCTL);
        Assert.Equal(0xC250B407u, GpioUapi.GPIO_V2_GET_LINE_IOCTL);
        Assert.Equal(0xC110B40Du, GpioUapi.GPIO_V2_LINE_SET_CONFIG_IOCTL);
        Assert.Equal(0xC010B40Eu, GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL);
        Assert.Equal(0xC010B40Fu, GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL);
    }

    [Fact]
    public void Struct_sizes_match_the_uapi_headers_for_every_abi()
    {
        // Fixed on every ABI.
        Assert.Equal(68, sizeof(GpioChipInfo));
        Assert.Equal(16, sizeof(GpioV2LineAttribute));
        Assert.Equal(24, sizeof(GpioV2LineConfigAttribute));
        Assert.Equal(272, sizeof(GpioV2LineConfig));
        Assert.Equal(592, sizeof(GpioV2LineRequest));
        Assert.Equal(256, sizeof(GpioV2LineInfo));
        Assert.Equal(16, sizeof(GpioV2LineValues));
        Assert.Equal(48, sizeof(GpioV2LineEvent));
        Assert.Equal(32, sizeof(SpiIocTransfer));
        Assert.Equal(60, sizeof(Termios));
        Assert.Equal(8, sizeof(PollFd));

        // Pointer-carrying i2c structs: LP64 (x86-64, arm64) and ILP32 (32-bit ARM).
        Assert.Equal(16, sizeof(I2cMsg64));
        Assert.Equal(12, sizeof(I2cMsg32));
        Assert.Equal(16, sizeof(I2cRdwrIoctlData64));
        Assert.Equal(8, sizeof(I2cRdwrIoctlData32));
        Assert.Equal(16, sizeof(I2cSmbusIoctlData64));
        Assert.Equal(12, sizeof(I2cSmbusIoctlData32));
        Assert.Equal(34, sizeof(I2cSmbusData));
    }

    [Fact]
    public void Ioc_encoding_places_direction_size_type_and_number_in_their_fields()
    {
        var number = IoctlNumber.Iowr(0xB4, 0x07, 592);
        Assert.Equal(3u, number >> 30);
        Assert.Equal(592u, (number >> 16) & 0x3FFF);
        Assert.Equal(0xB4u, (number >> 8) & 0xFF);
        Assert.Equal(0x07u, number & 0xFF);
        Assert.Throws<ArgumentOutOfRangeException>(() => IoctlNumber.Ior(1, 1, 1u << 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpiIoctl.Message(SpiIoctl.MaxTransfers + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpiIoctl.Message(0));
    }

    [Theory]
    [InlineData(TargetAbi.X64)]
    [InlineData(TargetAbi.Arm64)]
    [InlineData(TargetAbi.Arm32)]
    public void Uapi_layouts_and_numbers_match_the_c_compiler_for(TargetAbi abi)
    {
        var table = KernelAbiTable.Uapi(abi);
        var c = CHeaderProbe.Evaluate(abi, KernelAbiTable.UapiIncludes, table.Select(i => (i.Key, i.C)).ToList());
        AssertAllMatch(abi, table, c);
    }

    [Fact]
    public void Glibc_termios_fcntl_poll_and_errno_values_match_the_c_compiler()
    {
        var table = KernelAbiTable.Glibc();
        var c = CHeaderProbe.Evaluate(TargetAbi.X64, KernelAbiTable.GlibcIncludes, table.Select(i => (i.Key, i.C)).ToList());
        AssertAllMatch(TargetAbi.X64, table, c);
    }

    [Fact]
    public void The_probe_would_notice_a_wrong_layout()
    {
        var c = CHeaderProbe.Evaluate(TargetAbi.Arm32, KernelAbiTable.UapiIncludes, [("sizeof(i2c_msg)", "sizeof(struct i2c_msg)")]);
        Assert.NotEqual(sizeof(I2cMsg64), c["sizeof(i2c_msg)"]);
        Assert.Equal(sizeof(I2cMsg32), c["sizeof(i2c_msg)"]);
    }

    private static void AssertAllMatch(TargetAbi abi, List<(string Key, string C, long CSharp)> table, IReadOnlyDictionary<string, long> c)
    {
        var mismatches = new StringBuilder();
        foreach (var (key, _, expected) in table)
        {
            if (c[key] != expected)
            {
                mismatches.AppendLine($"{abi} {key}: C says 0x{c[key]:X}, C# uses 0x{expected:X}");
            }
        }

        Assert.True(mismatches.Length == 0, mismatches.ToString());
        Assert.True(table.Count > 20);
    }
}
