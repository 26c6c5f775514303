using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.I2c;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Linux.Serial;
using EdgeTwin.Drivers.Linux.Spi;

namespace EdgeTwin.Drivers.Tests.Linux;

/// <summary>Each layout fact and request number the drivers rely on: its C expression and what the C# code uses.</summary>
internal static unsafe class KernelAbiTable
{
    public static readonly string[] UapiIncludes = ["linux/i2c.h", "linux/i2c-dev.h", "linux/spi/spidev.h", "linux/gpio.h"];

    public static readonly string[] GlibcIncludes = ["termios.h", "fcntl.h", "poll.h", "errno.h"];

    public static List<(string Key, string C, long CSharp)> Uapi(TargetAbi abi)
    {
        var items = new List<(string, string, long)>();
        var is64 = abi != TargetAbi.Arm32;

        // i2c: pointer-carrying structs follow the ABI.
        if (is64)
        {
            I2cMsg64 m = default;
            I2cRdwrIoctlData64 d = default;
            I2cSmbusIoctlData64 s = default;
            items.Add(("sizeof(i2c_msg)", "sizeof(struct i2c_msg)", sizeof(I2cMsg64)));
            items.Add(("i2c_msg.flags", "__builtin_offsetof(struct i2c_msg, flags)", (byte*)&m.Flags - (byte*)&m));
            items.Add(("i2c_msg.len", "__builtin_offsetof(struct i2c_msg, len)", (byte*)&m.Len - (byte*)&m));
            items.Add(("i2c_msg.buf", "__builtin_offsetof(struct i2c_msg, buf)", (byte*)&m.Buf - (byte*)&m));
            items.Add(("sizeof(i2c_rdwr_ioctl_data)", "sizeof(struct i2c_rdwr_ioctl_data)", sizeof(I2cRdwrIoctlData64)));
            items.Add(("i2c_rdwr.nmsgs", "__builtin_offsetof(struct i2c_rdwr_ioctl_data, nmsgs)", (byte*)&d.NMsgs - (byte*)&d));
            items.Add(("sizeof(i2c_smbus_ioctl_data)", "sizeof(struct i2c_smbus_ioctl_data)", sizeof(I2cSmbusIoctlData64)));
            items.Add(("i2c_smbus.size", "__builtin_offsetof(struct i2c_smbus_ioctl_data, size)", (byte*)&s.Size - (byte*)&s));
            items.Add(("i2c_smbus.data", "__builtin_offsetof(struct i2c_smbus_ioctl_data, data)", (byte*)&s.Data - (byte*)&s));
        }
        else
        {
            I2cMsg32 m = default;
            I2cRdwrIoctlData32 d = default;
            I2cSmbusIoctlData32 s = default;
            items.Add(("sizeof(i2c_msg)", "sizeof(struct i2c_msg)", sizeof(I2cMsg32)));
            items.Add(("i2c_msg.flags", "__builtin_offsetof(struct i2c_msg, flags)", (byte*)&m.Flags - (byte*)&m));
            items.Add(("i2c_msg.len", "__builtin_offsetof(struct i2c_msg, len)", (byte*)&m.Len - (byte*)&m));
            items.Add(("i2c_msg.buf", "__builtin_offsetof(struct i2c_msg, buf)", (byte*)&m.Buf - (byte*)&m));
            items.Add(("sizeof(i2c_rdwr_ioctl_data)", "sizeof(struct i2c_rdwr_ioctl_data)", sizeof(I2cRdwrIoctlData32)));
            items.Add(("i2c_rdwr.nmsgs", "__builtin_offsetof(struct i2c_rdwr_ioctl_data, nmsgs)", (byte*)&d.NMsgs - (byte*)&d));
            items.Add(("sizeof(i2c_smbus_ioctl_data)", "sizeof(struct i2c_smbus_ioctl_data)", sizeof(I2cSmbusIoctlData32)));
            items.Add(("i2c_smbus.size", "__builtin_offsetof(struct i2c_smbus_ioctl_data, size)", (byte*)&s.Size - (byte*)&s));
            items.Add(("i2c_smbus.data", "__builtin_offsetof(struct i2c_smbus_ioctl_data, data)", (byte*)&s.Data - (byte*)&s));
        }

        items.Add(("sizeof(i2c_smbus_data)", "sizeof(union i2c_smbus_data)", sizeof(I2cSmbusData)));
        items.Add(("I2C_SLAVE", "I2C_SLAVE", I2cIoctl.I2C_SLAVE));
        items.Add(("I2C_FUNCS", "I2C_FUNCS", I2cIoctl.I2C_FUNCS));
        items.Add(("I2C_RDWR", "I2C_RDWR", I2cIoctl.I2C_RDWR));
        items.Add(("I2C_SMBUS", "I2C_SMBUS", I2cIoctl.I2C_SMBUS));
        items.Add(("I2C_M_RD", "I2C_M_RD", I2cIoctl.I2C_M_RD));
        items.Add(("I2C_SMBUS_QUICK", "I2C_SMBUS_QUICK", I2cIoctl.I2C_SMBUS_QUICK));
        items.Add(("I2C_SMBUS_BYTE", "I2C_SMBUS_BYTE", I2cIoctl.I2C_SMBUS_BYTE));
        items.Add(("I2C_FUNC_I2C", "I2C_FUNC_I2C", (long)I2cFunctionality.I2c));
        items.Add(("I2C_FUNC_SMBUS_QUICK", "I2C_FUNC_SMBUS_QUICK", (long)I2cFunctionality.SmbusQuick));
        items.Add(("I2C_FUNC_SMBUS_READ_BYTE", "I2C_FUNC_SMBUS_READ_BYTE", (long)I2cFunctionality.SmbusReadByte));
        items.Add(("I2C_FUNC_SMBUS_READ_I2C_BLOCK", "I2C_FUNC_SMBUS_READ_I2C_BLOCK", (long)I2cFunctionality.SmbusReadI2cBlock));

        // spi: __u64 buffers make the layout ABI-independent.
        SpiIocTransfer t = default;
        var tb = (byte*)&t;
        items.Add(("sizeof(spi_ioc_transfer)", "sizeof(struct spi_ioc_transfer)", sizeof(SpiIocTransfer)));
        items.Add(("spi.rx_buf", "__builtin_offsetof(struct spi_ioc_transfer, rx_buf)", (byte*)&t.RxBuf - tb));
        items.Add(("spi.len", "__builtin_offsetof(struct spi_ioc_transfer, len)", (byte*)&t.Len - tb));
        items.Add(("spi.speed_hz", "__builtin_offsetof(struct spi_ioc_transfer, speed_hz)", (byte*)&t.SpeedHz - tb));
        items.Add(("spi.delay_usecs", "__builtin_offsetof(struct spi_ioc_transfer, delay_usecs)", (byte*)&t.DelayUsecs - tb));
        items.Add(("spi.bits_per_word", "__builtin_offsetof(struct spi_ioc_transfer, bits_per_word)", (byte*)&t.BitsPerWord - tb));
        items.Add(("spi.cs_change", "__builtin_offsetof(struct spi_ioc_transfer, cs_change)", (byte*)&t.CsChange - tb));
        items.Add(("spi.tx_nbits", "__builtin_offsetof(struct spi_ioc_transfer, tx_nbits)", (byte*)&t.TxNbits - tb));
        items.Add(("spi.rx_nbits", "__builtin_offsetof(struct spi_ioc_transfer, rx_nbits)", (byte*)&t.RxNbits - tb));
        items.Add(("spi.word_delay_usecs", "__builtin_offsetof(struct spi_ioc_transfer, word_delay_usecs)", (byte*)&t.WordDelayUsecs - tb));
        items.Add(("SPI_IOC_WR_MODE", "SPI_IOC_WR_MODE", SpiIoctl.SPI_IOC_WR_MODE));
        items.Add(("SPI_IOC_RD_MODE", "SPI_IOC_RD_MODE", SpiIoctl.SPI_IOC_RD_MODE));
        items.Add(("SPI_IOC_WR_MODE32", "SPI_IOC_WR_MODE32", SpiIoctl.SPI_IOC_WR_MODE32));
        items.Add(("SPI_IOC_RD_MODE32", "SPI_IOC_RD_MODE32", SpiIoctl.SPI_IOC_RD_MODE32));
        items.Add(("SPI_IOC_WR_BITS_PER_WORD", "SPI_IOC_WR_BITS_PER_WORD", SpiIoctl.SPI_IOC_WR_BITS_PER_WORD));
        items.Add(("SPI_IOC_WR_MAX_SPEED_HZ", "SPI_IOC_WR_MAX_SPEED_HZ", SpiIoctl.SPI_IOC_WR_MAX_SPEED_HZ));
        items.Add(("SPI_IOC_MESSAGE(1)", "SPI_IOC_MESSAGE(1)", SpiIoctl.Message(1)));
        items.Add(("SPI_IOC_MESSAGE(3)", "SPI_IOC_MESSAGE(3)", SpiIoctl.Message(3)));
        items.Add(("SPI_IOC_MESSAGE(16)", "SPI_IOC_MESSAGE(16)", SpiIoctl.Message(16)));
        items.Add(("SPI_IOC_MESSAGE(max)", $"SPI_IOC_MESSAGE({SpiIoctl.MaxTransfers})", SpiIoctl.Message(SpiIoctl.MaxTransfers)));
        items.Add(("SPI_CPHA", "SPI_CPHA", (long)SpiMode.ClockPhase));
        items.Add(("SPI_CPOL", "SPI_CPOL", (long)SpiMode.ClockPolarity));
        items.Add(("SPI_CS_HIGH", "SPI_CS_HIGH", (long)SpiMode.ChipSelectHigh));
        items.Add(("SPI_LSB_FIRST", "SPI_LSB_FIRST", (long)SpiMode.LsbFirst));
        items.Add(("SPI_3WIRE", "SPI_3WIRE", (long)SpiMode.ThreeWire));
        items.Add(("SPI_NO_CS", "SPI_NO_CS", (long)SpiMode.NoChipSelect));

        // gpio v2: fixed-size by design.
        GpioChipInfo ci = default;
        GpioV2LineAttribute la = default;
        GpioV2LineConfigAttribute lca = default;
        GpioV2LineConfig lc = default;
        GpioV2LineRequest lr = default;
        GpioV2LineInfo li = default;
        GpioV2LineValues lv = default;
        GpioV2LineEvent le = default;
        items.Add(("sizeof(gpiochip_info)", "sizeof(struct gpiochip_info)", sizeof(GpioChipInfo)));
        items.Add(("gpiochip_info.label", "__builtin_offsetof(struct gpiochip_info, label)", ci.Label - (byte*)&ci));
        items.Add(("gpiochip_info.lines", "__builtin_offsetof(struct gpiochip_info, lines)", (byte*)&ci.Lines - (byte*)&ci));
        items.Add(("sizeof(gpio_v2_line_attribute)", "sizeof(struct gpio_v2_line_attribute)", sizeof(GpioV2LineAttribute)));
        items.Add(("line_attribute.flags", "__builtin_offsetof(struct gpio_v2_line_attribute, flags)", (byte*)&la.Flags - (byte*)&la));
        items.Add(("line_attribute.debounce", "__builtin_offsetof(struct gpio_v2_line_attribute, debounce_period_us)", (byte*)&la.DebouncePeriodUs - (byte*)&la));
        items.Add(("sizeof(gpio_v2_line_config_attribute)", "sizeof(struct gpio_v2_line_config_attribute)", sizeof(GpioV2LineConfigAttribute)));
        items.Add(("config_attribute.mask", "__builtin_offsetof(struct gpio_v2_line_config_attribute, mask)", (byte*)&lca.Mask - (byte*)&lca));
        items.Add(("sizeof(gpio_v2_line_config)", "sizeof(struct gpio_v2_line_config)", sizeof(GpioV2LineConfig)));
        items.Add(("line_config.num_attrs", "__builtin_offsetof(struct gpio_v2_line_config, num_attrs)", (byte*)&lc.NumAttrs - (byte*)&lc));
        items.Add(("line_config.attrs", "__builtin_offsetof(struct gpio_v2_line_config, attrs)", (byte*)&lc.Attrs - (byte*)&lc));
        items.Add(("sizeof(gpio_v2_line_request)", "sizeof(struct gpio_v2_line_request)", sizeof(GpioV2LineRequest)));
        items.Add(("line_request.consumer", "__builtin_offsetof(struct gpio_v2_line_request, consumer)", lr.Consumer - (byte*)&lr));
        items.Add(("line_request.config", "__builtin_offsetof(struct gpio_v2_line_request, config)", (byte*)&lr.Config - (byte*)&lr));
        items.Add(("line_request.num_lines", "__builtin_offsetof(struct gpio_v2_line_request, num_lines)", (byte*)&lr.NumLines - (byte*)&lr));
        items.Add(("line_request.event_buffer_size", "__builtin_offsetof(struct gpio_v2_line_request, event_buffer_size)", (byte*)&lr.EventBufferSize - (byte*)&lr));
        items.Add(("line_request.fd", "__builtin_offsetof(struct gpio_v2_line_request, fd)", (byte*)&lr.Fd - (byte*)&lr));
        items.Add(("sizeof(gpio_v2_line_info)", "sizeof(struct gpio_v2_line_info)", sizeof(GpioV2LineInfo)));
        items.Add(("line_info.consumer", "__builtin_offsetof(struct gpio_v2_line_info, consumer)", li.Consumer - (byte*)&li));
        items.Add(("line_info.offset", "__builtin_offsetof(struct gpio_v2_line_info, offset)", (byte*)&li.Offset - (byte*)&li));
        items.Add(("line_info.num_attrs", "__builtin_offsetof(struct gpio_v2_line_info, num_attrs)", (byte*)&li.NumAttrs - (byte*)&li));
        items.Add(("line_info.flags", "__builtin_offsetof(struct gpio_v2_line_info, flags)", (byte*)&li.Flags - (byte*)&li));
        items.Add(("line_info.attrs", "__builtin_offsetof(struct gpio_v2_line_info, attrs)", (byte*)&li.Attrs - (byte*)&li));
        items.Add(("sizeof(gpio_v2_line_values)", "sizeof(struct gpio_v2_line_values)", sizeof(GpioV2LineValues)));
        items.Add(("line_values.mask", "__builtin_offsetof(struct gpio_v2_line_values, mask)", (byte*)&lv.Mask - (byte*)&lv));
        items.Add(("sizeof(gpio_v2_line_event)", "sizeof(struct gpio_v2_line_event)", sizeof(GpioV2LineEvent)));
        items.Add(("line_event.id", "__builtin_offsetof(struct gpio_v2_line_event, id)", (byte*)&le.Id - (byte*)&le));
        items.Add(("line_event.offset", "__builtin_offsetof(struct gpio_v2_line_event, offset)", (byte*)&le.Offset - (byte*)&le));
        items.Add(("line_event.seqno", "__builtin_offsetof(struct gpio_v2_line_event, seqno)", (byte*)&le.Seqno - (byte*)&le));
        items.Add(("line_event.line_seqno", "__builtin_offsetof(struct gpio_v2_line_event, line_seqno)", (byte*)&le.LineSeqno - (byte*)&le));
        items.Add(("GPIO_MAX_NAME_SIZE", "GPIO_MAX_NAME_SIZE", GpioUapi.MaxNameSize));
        items.Add(("GPIO_V2_LINES_MAX", "GPIO_V2_LINES_MAX", GpioUapi.LinesMax));
        items.Add(("GPIO_V2_LINE_NUM_ATTRS_MAX", "GPIO_V2_LINE_NUM_ATTRS_MAX", GpioUapi.NumAttrsMax));
        items.Add(("GPIO_GET_CHIPINFO_IOCTL", "GPIO_GET_CHIPINFO_IOCTL", GpioUapi.GPIO_GET_CHIPINFO_IOCTL));
        items.Add(("GPIO_V2_GET_LINEINFO_IOCTL", "GPIO_V2_GET_LINEINFO_IOCTL", GpioUapi.GPIO_V2_GET_LINEINFO_IOCTL));
        items.Add(("GPIO_V2_GET_LINE_IOCTL", "GPIO_V2_GET_LINE_IOCTL", GpioUapi.GPIO_V2_GET_LINE_IOCTL));
        items.Add(("GPIO_V2_LINE_SET_CONFIG_IOCTL", "GPIO_V2_LINE_SET_CONFIG_IOCTL", GpioUapi.GPIO_V2_LINE_SET_CONFIG_IOCTL));
        items.Add(("GPIO_V2_LINE_GET_VALUES_IOCTL", "GPIO_V2_LINE_GET_VALUES_IOCTL", GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL));
        items.Add(("GPIO_V2_LINE_SET_VALUES_IOCTL", "GPIO_V2_LINE_SET_VALUES_IOCTL", GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL));
        items.Add(("GPIO_V2_LINE_ATTR_ID_FLAGS", "GPIO_V2_LINE_ATTR_ID_FLAGS", GpioUapi.AttrIdFlags));
        items.Add(("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", "GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", GpioUapi.AttrIdOutputValues));
        items.Add(("GPIO_V2_LINE_ATTR_ID_DEBOUNCE", "GPIO_V2_LINE_ATTR_ID_DEBOUNCE", GpioUapi.AttrIdDebounce));
        items.Add(("GPIO_V2_LINE_EVENT_RISING_EDGE", "GPIO_V2_LINE_EVENT_RISING_EDGE", GpioUapi.EventRisingEdge));
        items.Add(("GPIO_V2_LINE_EVENT_FALLING_EDGE", "GPIO_V2_LINE_EVENT_FALLING_EDGE", GpioUapi.EventFallingEdge));
        foreach (var (name, flag) in new (string, GpioLineProperties)[]
        {
            ("USED", GpioLineProperties.Used), ("ACTIVE_LOW", GpioLineProperties.ActiveLow), ("INPUT", GpioLineProperties.Input),
            ("OUTPUT", GpioLineProperties.Output), ("EDGE_RISING", GpioLineProperties.EdgeRising), ("EDGE_FALLING", GpioLineProperties.EdgeFalling),
            ("OPEN_DRAIN", GpioLineProperties.OpenDrain), ("OPEN_SOURCE", GpioLineProperties.OpenSource), ("BIAS_PULL_UP", GpioLineProperties.BiasPullUp),
            ("BIAS_PULL_DOWN", GpioLineProperties.BiasPullDown), ("BIAS_DISABLED", GpioLineProperties.BiasDisabled),
            ("EVENT_CLOCK_REALTIME", GpioLineProperties.EventClockRealtime), ("EVENT_CLOCK_HTE", GpioLineProperties.EventClockHte),
        })
        {
            items.Add(("GPIO_V2_LINE_FLAG_" + name, "GPIO_V2_LINE_FLAG_" + name, (long)flag));
        }

        return items;
    }

    /// <summary>glibc and generic asm facts, checked against the installed x86-64 headers.</summary>
    public static List<(string Key, string C, long CSharp)> Glibc()
    {
        Termios t = default;
        var tb = (byte*)&t;
        var items = new List<(string, string, long)>
        {
            ("sizeof(termios)", "sizeof(struct termios)", sizeof(Termios)),
            ("termios.c_line", "__builtin_offsetof(struct termios, c_line)", &t.Line - tb),
            ("termios.c_cc", "__builtin_offsetof(struct termios, c_cc)", t.Cc - tb),
            ("termios.c_ispeed", "__builtin_offsetof(struct termios, c_ispeed)", (byte*)&t.ISpeed - tb),
            ("termios.c_ospeed", "__builtin_offsetof(struct termios, c_ospeed)", (byte*)&t.OSpeed - tb),
            ("NCCS", "NCCS", Termios.Nccs),
            ("VMIN", "VMIN", TermiosFlags.VMIN),
            ("VTIME", "VTIME", TermiosFlags.VTIME),
            ("IGNBRK", "IGNBRK", TermiosFlags.IGNBRK), ("BRKINT", "BRKINT", TermiosFlags.BRKINT), ("IGNPAR", "IGNPAR", TermiosFlags.IGNPAR),
            ("PARMRK", "PARMRK", TermiosFlags.PARMRK), ("INPCK", "INPCK", TermiosFlags.INPCK), ("ISTRIP", "ISTRIP", TermiosFlags.ISTRIP),
            ("INLCR", "INLCR", TermiosFlags.INLCR), ("IGNCR", "IGNCR", TermiosFlags.IGNCR), ("ICRNL", "ICRNL", TermiosFlags.ICRNL),
            ("IXON", "IXON", TermiosFlags.IXON), ("IXANY", "IXANY", TermiosFlags.IXANY), ("IXOFF", "IXOFF", TermiosFlags.IXOFF),
            ("OPOST", "OPOST", TermiosFlags.OPOST), ("CSIZE", "CSIZE", TermiosFlags.CSIZE), ("CS8", "CS8", TermiosFlags.CS8),
            ("CSTOPB", "CSTOPB", TermiosFlags.CSTOPB), ("CREAD", "CREAD", TermiosFlags.CREAD), ("PARENB", "PARENB", TermiosFlags.PARENB),
            ("PARODD", "PARODD", TermiosFlags.PARODD), ("CLOCAL", "CLOCAL", TermiosFlags.CLOCAL), ("CRTSCTS", "CRTSCTS", TermiosFlags.CRTSCTS),
            ("ISIG", "ISIG", TermiosFlags.ISIG), ("ICANON", "ICANON", TermiosFlags.ICANON), ("ECHO", "ECHO", TermiosFlags.ECHO),
            ("ECHONL", "ECHONL", TermiosFlags.ECHONL), ("IEXTEN", "IEXTEN", TermiosFlags.IEXTEN),
            ("TCSANOW", "TCSANOW", TermiosFlags.TCSANOW), ("TCIFLUSH", "TCIFLUSH", TermiosFlags.TCIFLUSH), ("TCIOFLUSH", "TCIOFLUSH", TermiosFlags.TCIOFLUSH),
            ("O_NOCTTY", "O_NOCTTY", Libc.ONoCtty), ("O_TRUNC", "O_TRUNC", Libc.OTrunc), ("O_NONBLOCK", "O_NONBLOCK", Libc.ONonBlock),
            ("O_CLOEXEC", "O_CLOEXEC", Libc.OCloExec), ("O_RDWR", "O_RDWR", Libc.ORdWr), ("O_WRONLY", "O_WRONLY", Libc.OWrOnly),
            ("POLLIN", "POLLIN", Libc.PollIn), ("POLLERR", "POLLERR", Libc.PollErr), ("POLLHUP", "POLLHUP", Libc.PollHup),
            ("sizeof(pollfd)", "sizeof(struct pollfd)", sizeof(PollFd)),
            ("ENXIO", "ENXIO", Errno.ENXIO), ("EREMOTEIO", "EREMOTEIO", Errno.EREMOTEIO), ("ETIMEDOUT", "ETIMEDOUT", Errno.ETIMEDOUT),
            ("EAGAIN", "EAGAIN", Errno.EAGAIN), ("EBUSY", "EBUSY", Errno.EBUSY), ("ENOENT", "ENOENT", Errno.ENOENT),
            ("EACCES", "EACCES", Errno.EACCES), ("ENOTTY", "ENOTTY", Errno.ENOTTY), ("EINTR", "EINTR", Errno.EINTR), ("EIO", "EIO", Errno.EIO),
        };
        foreach (var rate in BaudRate.Supported)
        {
            BaudRate.TryGetCode(rate, out var code);
            items.Add(("B" + rate, "B" + rate, code));
        }

        return items;
    }
}
