namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>FIFO and interrupt registers and bits (MPU-6000/MPU-6050 Register Map rev 4.2 §4.7, §4.15–4.16, §4.29–4.31).</summary>
internal static class Mpu6050FifoRegister
{
    public const int FifoEn = 0x23;
    public const int IntEnable = 0x38;
    public const int IntStatus = 0x3A;
    public const int UserCtrl = 0x6A;
    public const int FifoCountH = 0x72;
    public const int FifoCountL = 0x73;
    public const int FifoRw = 0x74;

    /// <summary>FIFO_EN: TEMP_FIFO_EN | XG | YG | ZG | ACCEL_FIFO_EN — a 14-byte frame laid out like the 0x3B burst.</summary>
    public const byte AllSensors = 0xF8;

    public const byte UserCtrlFifoEnable = 0x40;
    public const byte UserCtrlFifoReset = 0x04;

    /// <summary>FIFO_OFLOW_EN in INT_ENABLE and FIFO_OFLOW_INT in INT_STATUS.</summary>
    public const byte FifoOverflowBit = 0x10;

    public const int Capacity = 1024;
}
