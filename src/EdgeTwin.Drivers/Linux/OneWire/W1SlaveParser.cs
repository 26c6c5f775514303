using System.Buffers.Text;

namespace EdgeTwin.Drivers.Linux.OneWire;

/// <summary>What a DS18B20 read produced.</summary>
public enum Ds18b20Status
{
    Ok,
    /// <summary>The kernel's CRC check of the scratchpad failed ("crc=.. NO"): noise or a bad contact.</summary>
    CrcError,
    /// <summary>
    /// 85.000 °C, the scratchpad's power-on reset value (DS18B20 datasheet, Table 1 note): usually a conversion
    /// that never ran (brown-out, parasite power too weak); it can also be a real 85 °C.
    /// </summary>
    PowerOnResetValue,
    /// <summary>An all-zero scratchpad, whose CRC is also zero so the kernel says YES: the data line is stuck low.</summary>
    AllZero,
    /// <summary>Outside the sensor's −55..+125 °C range: not a reading.</summary>
    OutOfRange,
    /// <summary>The file does not have the w1_therm format.</summary>
    Malformed,
    /// <summary>The device directory or file is gone (sensor unplugged, bus master removed).</summary>
    Missing,
}

/// <summary>
/// Parses the two-line <c>w1_slave</c> text of the w1_therm driver:
/// <code>
/// 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
/// 72 01 4b 46 7f ff 0e 10 57 t=23125
/// </code>
/// The temperature is in millidegrees Celsius.
/// </summary>
public static class W1SlaveParser
{
    /// <summary>The file is about 75 bytes; anything longer than this is not w1_therm output.</summary>
    public const int MaxLength = 256;

    private const int ScratchpadBytes = 9;

    public static Ds18b20Status Parse(ReadOnlySpan<byte> text, out int milliCelsius)
    {
        milliCelsius = 0;
        if (text.Length > MaxLength)
        {
            return Ds18b20Status.Malformed;
        }

        var newline = text.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return Ds18b20Status.Malformed;
        }

        var first = text[..newline].TrimEnd((byte)'\r');
        var second = text[(newline + 1)..].TrimEnd("\r\n "u8);

        var crcAt = first.IndexOf(" crc="u8);
        if (crcAt < 0)
        {
            return Ds18b20Status.Malformed;
        }

        var verdict = first[(crcAt + 5)..];
        var space = verdict.IndexOf((byte)' ');
        if (space < 0)
        {
            return Ds18b20Status.Malformed;
        }

        verdict = verdict[(space + 1)..];
        var crcOk = verdict.SequenceEqual("YES"u8);
        if (!crcOk && !verdict.SequenceEqual("NO"u8))
        {
            return Ds18b20Status.Malformed;
        }

        var tAt = second.IndexOf("t="u8);
        if (tAt < 0)
        {
            return crcOk ? Ds18b20Status.Malformed : Ds18b20Status.CrcError;
        }

        var number = second[(tAt + 2)..];
        if (!Utf8Parser.TryParse(number, out int value, out var consumed) || consumed != number.Length)
        {
            return crcOk ? Ds18b20Status.Malformed : Ds18b20Status.CrcError;
        }

        milliCelsius = value;
        if (!crcOk)
        {
            return Ds18b20Status.CrcError;
        }

        if (IsAllZero(first[..crcAt]))
        {
            return Ds18b20Status.AllZero;
        }

        return value switch
        {
            85000 => Ds18b20Status.PowerOnResetValue,
            < -55000 or > 125000 => Ds18b20Status.OutOfRange,
            _ => Ds18b20Status.Ok,
        };
    }

    private static bool IsAllZero(ReadOnlySpan<byte> hexBytes)
    {
        // "00 00 00 00 00 00 00 00 00 :" — nine scratchpad bytes, then the separator.
        var bytes = 0;
        foreach (var c in hexBytes)
        {
            if (c is (byte)' ' or (byte)':')
            {
                continue;
            }

            if (c != (byte)'0')
            {
                return false;
            }

            bytes++;
        }

        return bytes == ScratchpadBytes * 2;
    }
}
