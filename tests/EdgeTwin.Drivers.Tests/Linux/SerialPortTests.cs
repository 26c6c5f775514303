using System.Diagnostics;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Linux.Serial;

namespace EdgeTwin.Drivers.Tests.Linux;

/// <summary>termios on a real terminal: the slave of a pseudo-terminal pair, configured exactly like a UART.</summary>
public sealed unsafe class SerialPortTests
{
    [Theory]
    [InlineData(9600, SerialParity.None, SerialStopBits.One)]
    [InlineData(19200, SerialParity.Even, SerialStopBits.One)]
    [InlineData(38400, SerialParity.Odd, SerialStopBits.Two)]
    [InlineData(57600, SerialParity.None, SerialStopBits.Two)]
    [InlineData(115200, SerialParity.Even, SerialStopBits.Two)]
    [InlineData(230400, SerialParity.None, SerialStopBits.One)]
    [InlineData(460800, SerialParity.Odd, SerialStopBits.One)]
    [InlineData(921600, SerialParity.None, SerialStopBits.One)]
    public void Open_puts_the_terminal_in_raw_mode_with_the_line_settings(int baud, SerialParity parity, SerialStopBits stopBits)
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { BaudRate = baud, Parity = parity, StopBits = stopBits });
        var t = port.ReadAttributes();

        Assert.Equal(0u, t.LFlag & (TermiosFlags.ICANON | TermiosFlags.ECHO | TermiosFlags.ISIG | TermiosFlags.IEXTEN | TermiosFlags.ECHONL));
        Assert.Equal(0u, t.IFlag & (TermiosFlags.ICRNL | TermiosFlags.INLCR | TermiosFlags.IGNCR | TermiosFlags.IXON | TermiosFlags.ISTRIP | TermiosFlags.BRKINT));
        Assert.Equal(0u, t.OFlag & TermiosFlags.OPOST);
        Assert.Equal(TermiosFlags.CS8, t.CFlag & TermiosFlags.CSIZE);
        Assert.Equal(TermiosFlags.CREAD | TermiosFlags.CLOCAL, t.CFlag & (TermiosFlags.CREAD | TermiosFlags.CLOCAL));
        Assert.Equal(0u, t.CFlag & TermiosFlags.CRTSCTS);
        // The pty driver forces CS8 and clears PARENB itself (drivers/tty/pty.c, pty_set_termios); PARENB is
        // checked on the flags we hand to tcsetattr in the next test.
        Assert.Equal(parity == SerialParity.Odd, (t.CFlag & TermiosFlags.PARODD) != 0);
        Assert.Equal(stopBits == SerialStopBits.Two, (t.CFlag & TermiosFlags.CSTOPB) != 0);
        Assert.Equal(1, t.Cc[TermiosFlags.VMIN]);
        Assert.Equal(0, t.Cc[TermiosFlags.VTIME]);
        BaudRate.TryGetCode(baud, out var code);
        Assert.Equal(code, Libc.CfGetOSpeed(&t));
    }

    [Theory]
    [InlineData(SerialParity.None, SerialStopBits.One)]
    [InlineData(SerialParity.Even, SerialStopBits.One)]
    [InlineData(SerialParity.Odd, SerialStopBits.Two)]
    public void Parity_sets_parenb_parodd_and_input_checking(SerialParity parity, SerialStopBits stopBits)
    {
        var t = new Termios { IFlag = 0xFFFF, OFlag = 0xFFFF, CFlag = 0xFFFF, LFlag = 0xFFFF };
        TermiosSerialPort.Apply(ref t, new SerialSettings { Parity = parity, StopBits = stopBits });
        Assert.Equal(parity != SerialParity.None, (t.CFlag & TermiosFlags.PARENB) != 0);
        Assert.Equal(parity == SerialParity.Odd, (t.CFlag & TermiosFlags.PARODD) != 0);
        Assert.Equal(parity != SerialParity.None, (t.IFlag & TermiosFlags.INPCK) != 0);
        Assert.Equal(stopBits == SerialStopBits.Two, (t.CFlag & TermiosFlags.CSTOPB) != 0);
        Assert.Equal(TermiosFlags.CS8, t.CFlag & TermiosFlags.CSIZE);
        Assert.Equal(0u, t.LFlag & TermiosFlags.ICANON);
    }

    [Fact]
    public void Unsupported_baud_rates_are_rejected_before_opening()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TermiosSerialPort.Open("/dev/null", new SerialSettings { BaudRate = 12345 }));
        Assert.Contains("921600", ex.Message);
    }

    [Fact]
    public void Control_characters_and_binary_bytes_pass_unchanged_in_both_directions()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 2000 });

        // A cooked terminal would turn CR into LF (ICRNL), signal on ^C (ISIG), end input on ^D, erase on DEL
        // and hold everything until a newline (ICANON).
        byte[] sent = [(byte)'a', (byte)'\r', 0x03, 0x04, 0x7F, 0x00, 0xFF, 0x11, 0x13, (byte)'\n', (byte)'z'];
        pty.Write(sent);
        var received = ReadExactly(port, sent.Length);
        Assert.Equal(sent, received);

        // No output processing either: LF must not become CR LF (ONLCR).
        port.Write("x\ny"u8);
        var back = new byte[16];
        var n = 0;
        var deadline = Stopwatch.StartNew();
        while (n < 3 && deadline.ElapsedMilliseconds < 2000)
        {
            n += pty.Read(back.AsSpan(n), 200);
        }

        Assert.Equal("x\ny"u8.ToArray(), back[..n]);
    }

    [Fact]
    public void Read_returns_zero_after_the_timeout_when_nothing_arrives()
    {
        using var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 80 });
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, port.Read(new byte[16]));
        Assert.InRange(clock.ElapsedMilliseconds, 60, 2000);
    }

    [Fact]
    public void A_hang_up_becomes_an_unavailable_bus_fault()
    {
        var pty = new PseudoTerminal();
        using var port = TermiosSerialPort.Open(pty.SlavePath, new SerialSettings { ReadTimeoutMs = 1000 });
        pty.Dispose();
        var ex = Assert.Throws<BusException>(() => port.Read(new byte[16]));
        Assert.Equal(BusFault.Unavailable, ex.Fault);
        Assert.Contains(pty.SlavePath, ex.Message);
    }

    internal static byte[] ReadExactly(TermiosSerialPort port, int count)
    {
        var buffer = new byte[count];
        var n = 0;
        var clock = Stopwatch.StartNew();
        while (n < count && clock.ElapsedMilliseconds < 5000)
        {
            n += port.Read(buffer.AsSpan(n));
        }

        return buffer[..n];
    }
}
