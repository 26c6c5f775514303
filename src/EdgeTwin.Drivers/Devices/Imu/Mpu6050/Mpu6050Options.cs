namespace EdgeTwin.Drivers.Devices.Imu.Mpu6050;

/// <summary>Full-scale ranges and filter of the MPU-6050 (register map §4.4–4.6).</summary>
public sealed record Mpu6050Options
{
    /// <summary>±2, 4, 8 or 16 g.</summary>
    public int AccelRangeG { get; init; } = 4;

    /// <summary>±250, 500, 1000 or 2000 °/s.</summary>
    public int GyroRangeDps { get; init; } = 500;

    /// <summary>Digital low-pass filter setting 0..6 (1: 184 Hz accel bandwidth, 1 kHz internal rate).</summary>
    public int DigitalLowPassFilter { get; init; } = 1;

    public static readonly int[] AccelRanges = [2, 4, 8, 16];
    public static readonly int[] GyroRanges = [250, 500, 1000, 2000];
}
