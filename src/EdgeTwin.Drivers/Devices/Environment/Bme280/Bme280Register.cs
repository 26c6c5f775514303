namespace EdgeTwin.Drivers.Devices.Environment.Bme280;

/// <summary>Register addresses from the BME280 datasheet BST-BME280-DS002 rev 1.23, §5.3 (memory map).</summary>
internal enum Bme280Register : byte
{
    CalibT1 = 0x88,
    CalibH1 = 0xA1,
    ChipId = 0xD0,
    Reset = 0xE0,
    CalibH2 = 0xE1,
    CtrlHum = 0xF2,
    Status = 0xF3,
    CtrlMeas = 0xF4,
    Config = 0xF5,
    PressMsb = 0xF7,
}
