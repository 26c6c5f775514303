namespace EdgeTwin.Drivers.Linux.Serial;

public enum SerialParity
{
    None,
    Even,
    Odd,
}

public enum SerialStopBits
{
    One = 1,
    Two = 2,
}

/// <summary>Line settings for a <see cref="TermiosSerialPort"/>; always 8 data bits, raw mode, no flow control.</summary>
public sealed record SerialSettings
{
    public int BaudRate { get; init; } = 115200;

    public SerialParity Parity { get; init; } = SerialParity.None;

    public SerialStopBits StopBits { get; init; } = SerialStopBits.One;

    /// <summary>How long <see cref="TermiosSerialPort.Read"/> waits for the first byte before returning 0.</summary>
    public int ReadTimeoutMs { get; init; } = 100;
}
