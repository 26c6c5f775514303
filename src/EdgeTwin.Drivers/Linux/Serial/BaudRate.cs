namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>
/// The speed_t codes of &lt;asm-generic/termbits.h&gt; (B9600 = 0000015 ... B921600 = 0010007, octal). termios
/// takes these codes, not bit rates; rates without a code need termios2/BOTHER, which we do not use.
/// </summary>
internal static class BaudRate
{
    public static bool TryGetCode(int bitsPerSecond, out uint code)
    {
        code = bitsPerSecond switch
        {
            1200 => 0x9,
            2400 => 0xB,
            4800 => 0xC,
            9600 => 0xD,
            19200 => 0xE,
            38400 => 0xF,
            57600 => 0x1001,
            115200 => 0x1002,
            230400 => 0x1003,
            460800 => 0x1004,
            500000 => 0x1005,
            576000 => 0x1006,
            921600 => 0x1007,
            1000000 => 0x1008,
            _ => 0,
        };
        return code != 0;
    }

    public static IReadOnlyList<int> Supported { get; } =
        [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000];
}
