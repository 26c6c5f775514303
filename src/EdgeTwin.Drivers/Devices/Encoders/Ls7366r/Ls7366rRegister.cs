namespace EdgeTwin.Drivers.Devices.Encoders.Ls7366r;

/// <summary>
/// LS7366R instruction register (IR) fields, datasheet (LSI/CSI, rev. 2009) "Instruction register":
/// bits 7–6 select the operation, bits 5–3 the register.
/// </summary>
internal static class Ls7366rInstruction
{
    public const byte Clear = 0b00_000_000;
    public const byte Read = 0b01_000_000;
    public const byte Write = 0b10_000_000;
    public const byte Load = 0b11_000_000;

    public const byte Mdr0 = 0b001_000;
    public const byte Mdr1 = 0b010_000;
    public const byte Dtr = 0b011_000;
    public const byte Cntr = 0b100_000;
    public const byte Otr = 0b101_000;
    public const byte Str = 0b110_000;

    /// <summary>MDR0: x4 quadrature, free-running count, index disabled, filter clock ÷1.</summary>
    public const byte Mdr0Quadrature4x = 0x03;

    /// <summary>MDR1: 4-byte counter, counting enabled, no flags on DFLAG.</summary>
    public const byte Mdr1FourByteEnabled = 0x00;
}
