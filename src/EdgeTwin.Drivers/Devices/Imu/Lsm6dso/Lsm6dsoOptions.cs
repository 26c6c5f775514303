namespace EdgeTwin.Drivers.Devices.Imu.Lsm6dso;

/// <summary>Full-scale ranges and output data rate of the LSM6DSO (DS12140 §9.14–9.15, tables 52 and 55).</summary>
public sealed record Lsm6dsoOptions
{
    /// <summary>±2, 4, 8 or 16 g.</summary>
    public int AccelRangeG { get; init; } = 4;

    /// <summary>±125, 250, 500, 1000 or 2000 °/s.</summary>
    public int GyroRangeDps { get; init; } = 500;

    /// <summary>Output data rate of both sensors in Hz: 12.5, 26, 52, 104, 208, 416, 833, 1660, 3330 or 6660.</summary>
    public double OdrHz { get; init; } = 1660;

    public static readonly double[] AccelRanges = [2, 4, 8, 16];
    public static readonly double[] GyroRanges = [125, 250, 500, 1000, 2000];
    public static readonly double[] DataRates = [12.5, 26, 52, 104, 208, 416, 833, 1660, 3330, 6660];
}
