namespace EdgeTwin.Drivers.Devices.Imu.Lsm6dso;

/// <summary>Register addresses from the LSM6DSO datasheet DS12140 rev 2, §8 (register mapping).</summary>
internal enum Lsm6dsoRegister : byte
{
    WhoAmI = 0x0F,
    Ctrl1Xl = 0x10,
    Ctrl2G = 0x11,
    Ctrl3C = 0x12,
    StatusReg = 0x1E,
    OutTempL = 0x20,
    OutxLG = 0x22,
    OutxLA = 0x28,
    OutzHA = 0x2D,
}
