namespace EdgeTwin.Drivers.Devices.Imu.Lsm6dso;

/// <summary>Register field codes and sensitivities (DS12140 table 2 and §9.14–9.15).</summary>
internal static class Lsm6dsoScale
{
    /// <summary>FS_XL[1:0] in CTRL1_XL: note the datasheet's order 00 = ±2 g, 01 = ±16 g, 10 = ±4 g, 11 = ±8 g.</summary>
    public static byte AccelCode(int rangeG) => rangeG switch
    {
        2 => 0b00,
        16 => 0b01,
        4 => 0b10,
        8 => 0b11,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeG), rangeG, "accelerometer range must be 2, 4, 8 or 16 g"),
    };

    public static int AccelRange(int code) => (code & 3) switch
    {
        0b00 => 2,
        0b01 => 16,
        0b10 => 4,
        _ => 8,
    };

    /// <summary>Linear acceleration sensitivity: 0.061 mg/LSB at ±2 g, doubling with each range.</summary>
    public static double AccelMgPerLsb(int rangeG) => 0.061 * rangeG / 2;

    /// <summary>CTRL2_G bits 3:0: FS_G[1:0] at 3:2 and FS_125 at bit 1.</summary>
    public static byte GyroBits(int rangeDps) => rangeDps switch
    {
        125 => 0b0010,
        250 => 0b0000,
        500 => 0b0100,
        1000 => 0b1000,
        2000 => 0b1100,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeDps), rangeDps, "gyroscope range must be 125, 250, 500, 1000 or 2000 °/s"),
    };

    public static int GyroRange(int ctrl2) => (ctrl2 & 0b0010) != 0 ? 125 : ((ctrl2 >> 2) & 3) switch
    {
        0 => 250,
        1 => 500,
        2 => 1000,
        _ => 2000,
    };

    /// <summary>Angular rate sensitivity: 4.375 mdps/LSB at ±125 °/s, proportional to the range.</summary>
    public static double GyroMdpsPerLsb(int rangeDps) => 4.375 * rangeDps / 125;

    /// <summary>ODR[3:0] (same codes in CTRL1_XL and CTRL2_G): 0001 = 12.5 Hz … 1010 = 6.66 kHz.</summary>
    public static byte OdrCode(double hz)
    {
        var index = Array.IndexOf(Lsm6dsoOptions.DataRates, hz);
        return index >= 0
            ? (byte)(index + 1)
            : throw new ArgumentOutOfRangeException(nameof(hz), hz, $"output data rate must be one of {string.Join(", ", Lsm6dsoOptions.DataRates)} Hz");
    }

    /// <summary>The rate an ODR code selects; 0 for power-down (and the reserved codes above 1010).</summary>
    public static double OdrHz(int code) => code is >= 1 and <= 10 ? Lsm6dsoOptions.DataRates[code - 1] : 0;
}
