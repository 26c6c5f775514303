namespace EdgeTwin.Drivers.Devices.Temperature.Max31865;

/// <summary>
/// Read addresses from the MAX31865 datasheet 19-6478 rev 3, table 1; the write address of a register is its
/// read address with bit 7 set.
/// </summary>
internal enum Max31865Register : byte
{
    Configuration = 0x00,
    RtdMsb = 0x01,
    RtdLsb = 0x02,
    HighFaultMsb = 0x03,
    LowFaultMsb = 0x05,
    FaultStatus = 0x07,
}

/// <summary>Configuration register bits (table 2).</summary>
internal static class Max31865Config
{
    public const byte Vbias = 0x80;
    public const byte AutoConversion = 0x40;
    public const byte OneShot = 0x20;
    public const byte ThreeWire = 0x10;
    public const byte FaultClear = 0x02;
    public const byte Filter50Hz = 0x01;
}
