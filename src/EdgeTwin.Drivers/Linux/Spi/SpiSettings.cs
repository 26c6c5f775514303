namespace EdgeTwin.Drivers.Linux.Spi;

/// <summary>
/// SPI mode bits of &lt;linux/spi/spi.h&gt; (SPI_CPHA, SPI_CPOL, SPI_CS_HIGH, ...). Modes 0-3 are the CPOL/CPHA
/// combinations from the device's datasheet.
/// </summary>
[Flags]
public enum SpiMode : uint
{
    Mode0 = 0,
    ClockPhase = 0x1,
    ClockPolarity = 0x2,
    Mode1 = ClockPhase,
    Mode2 = ClockPolarity,
    Mode3 = ClockPolarity | ClockPhase,
    ChipSelectHigh = 0x4,
    LsbFirst = 0x8,
    ThreeWire = 0x10,
    NoChipSelect = 0x40,
}

/// <summary>Bus settings for a <see cref="LinuxSpiDevice"/>.</summary>
public sealed record SpiSettings
{
    public SpiMode Mode { get; init; } = SpiMode.Mode0;

    public byte BitsPerWord { get; init; } = 8;

    public uint MaxSpeedHz { get; init; } = 1_000_000;
}

/// <summary>
/// One part of a multi-part SPI message. The buffers must stay alive and unmoved for the call; they are pinned
/// for its duration.
/// </summary>
/// <param name="Tx">Bytes to send, or empty to send zeros while reading.</param>
/// <param name="Rx">Where to store what was clocked in, or empty to discard it; if both are given they must be the same length.</param>
/// <param name="CsChange">Deselect the chip after this part (and before the next one starts).</param>
/// <param name="DelayUsecs">Delay after this part before the next one or before deselecting.</param>
/// <param name="SpeedHz">Overrides the device's speed for this part; 0 keeps it.</param>
public readonly record struct SpiSegment(
    ReadOnlyMemory<byte> Tx,
    Memory<byte> Rx,
    bool CsChange = false,
    ushort DelayUsecs = 0,
    uint SpeedHz = 0);
