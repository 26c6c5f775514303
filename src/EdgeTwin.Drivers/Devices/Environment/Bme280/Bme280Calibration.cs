using System.Buffers.Binary;

namespace EdgeTwin.Drivers.Devices.Environment.Bme280;

/// <summary>
/// The factory trim values of one BME280 and the datasheet's integer compensation (BST-BME280-DS002 §4.2.2,
/// §8.2): 32-bit for temperature and humidity, 64-bit for pressure, with t_fine linking them.
/// </summary>
public readonly record struct Bme280Calibration(
    ushort T1, short T2, short T3,
    ushort P1, short P2, short P3, short P4, short P5, short P6, short P7, short P8, short P9,
    byte H1, short H2, byte H3, short H4, short H5, sbyte H6)
{
    public const int Block1Length = 26; // 0x88..0xA1
    public const int Block2Length = 7;  // 0xE1..0xE7

    /// <summary>Parses the two trim blocks (§4.2.2 table 16): little-endian words, H4/H5 as 12-bit values sharing 0xE5.</summary>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> block1, ReadOnlySpan<byte> block2)
    {
        if (block1.Length < Block1Length || block2.Length < Block2Length)
        {
            throw new ArgumentException("BME280 trim blocks are 26 bytes at 0x88 and 7 bytes at 0xE1");
        }

        return new Bme280Calibration(
            BinaryPrimitives.ReadUInt16LittleEndian(block1),
            BinaryPrimitives.ReadInt16LittleEndian(block1[2..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(block1[6..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[8..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[10..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[14..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[16..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[18..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[20..]),
            BinaryPrimitives.ReadInt16LittleEndian(block1[22..]),
            block1[25],
            BinaryPrimitives.ReadInt16LittleEndian(block2),
            block2[2],
            (short)((sbyte)block2[3] << 4 | (block2[4] & 0x0F)),
            (short)((sbyte)block2[5] << 4 | block2[4] >> 4),
            (sbyte)block2[6]);
    }

    /// <summary>Writes the trim blocks as the chip holds them (the inverse of <see cref="Parse"/>).</summary>
    public void Write(Span<byte> block1, Span<byte> block2)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(block1, T1);
        BinaryPrimitives.WriteInt16LittleEndian(block1[2..], T2);
        BinaryPrimitives.WriteInt16LittleEndian(block1[4..], T3);
        BinaryPrimitives.WriteUInt16LittleEndian(block1[6..], P1);
        BinaryPrimitives.WriteInt16LittleEndian(block1[8..], P2);
        BinaryPrimitives.WriteInt16LittleEndian(block1[10..], P3);
        BinaryPrimitives.WriteInt16LittleEndian(block1[12..], P4);
        BinaryPrimitives.WriteInt16LittleEndian(block1[14..], P5);
        BinaryPrimitives.WriteInt16LittleEndian(block1[16..], P6);
        BinaryPrimitives.WriteInt16LittleEndian(block1[18..], P7);
        BinaryPrimitives.WriteInt16LittleEndian(block1[20..], P8);
        BinaryPrimitives.WriteInt16LittleEndian(block1[22..], P9);
        block1[24] = 0;
        block1[25] = H1;
        BinaryPrimitives.WriteInt16LittleEndian(block2, H2);
        block2[2] = H3;
        block2[3] = (byte)(H4 >> 4);
        block2[4] = (byte)((H4 & 0x0F) | (H5 & 0x0F) << 4);
        block2[5] = (byte)(H5 >> 4);
        block2[6] = (byte)H6;
    }

    /// <summary>Temperature in 0.01 °C and t_fine for the other two (bme280_compensate_T_int32).</summary>
    public int CompensateTemperature(int adcT, out int tFine)
    {
        var var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
        var var2 = (((((adcT >> 4) - T1) * ((adcT >> 4) - T1)) >> 12) * T3) >> 14;
        tFine = var1 + var2;
        return (tFine * 5 + 128) >> 8;
    }

    /// <summary>Pressure in Pa as Q24.8 (bme280_compensate_P_int64); 0 when the trim would divide by zero.</summary>
    public uint CompensatePressure(int adcP, int tFine)
    {
        long var1 = tFine - 128000L;
        var var2 = var1 * var1 * P6;
        var2 += (var1 * P5) << 17;
        var2 += (long)P4 << 35;
        var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
        var1 = ((1L << 47) + var1) * P1 >> 33;
        if (var1 == 0)
        {
            return 0;
        }

        long p = 1048576 - adcP;
        p = ((p << 31) - var2) * 3125 / var1;
        var1 = (P9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (P8 * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
        return (uint)p;
    }

    /// <summary>Relative humidity in %RH as Q22.10 (bme280_compensate_H_int32), clamped to 0..100 %.</summary>
    public uint CompensateHumidity(int adcH, int tFine)
    {
        var x = tFine - 76800;
        x = ((((adcH << 14) - (H4 << 20) - (H5 * x)) + 16384) >> 15)
            * (((((((x * H6) >> 10) * (((x * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14);
        x -= ((((x >> 15) * (x >> 15)) >> 7) * H1) >> 4;
        x = Math.Clamp(x, 0, 419430400);
        return (uint)(x >> 12);
    }
}
