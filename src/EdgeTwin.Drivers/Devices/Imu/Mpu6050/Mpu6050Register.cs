namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>Register addresses from the MPU-6000/MPU-6050 Register Map and Descriptions, rev 4.2.</summary>
internal enum Mpu6050Register : byte
{
    SmplrtDiv = 0x19,
    Config = 0x1A,
    GyroConfig = 0x1B,
    AccelConfig = 0x1C,
    AccelXoutH = 0x3B,
    TempOutH = 0x41,
    GyroXoutH = 0x43,
    GyroZoutL = 0x48,
    PwrMgmt1 = 0x6B,
    WhoAmI = 0x75,
}
