using System.Buffers.Binary;
using System.Buffers.Text;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Linux.OneWire;

/// <summary>
/// A DS18B20 as the w1_therm driver shows it: each read produces the two-line <c>w1_slave</c> text from a fresh
/// 12-bit conversion (1/16 °C, DS18B20 datasheet Table 1) of the motor housing temperature, with the
/// scratchpad's real CRC-8 (x⁸ + x⁵ + x⁴ + 1). Faults: unplugged (the file vanishes) and a bad CRC.
/// </summary>
public sealed class Ds18b20Simulator(string deviceId, AxisPlant plant, IClock clock) : IOneWireSlave
{
    public string Path { get; } = $"sim:w1/{deviceId}/w1_slave";

    public bool Exists => !Unplugged;

    /// <summary>The sensor is gone from the bus: reads fail like a vanished sysfs file.</summary>
    public bool Unplugged { get; set; }

    /// <summary>The next reads report "crc=.. NO" (noise on the data line).</summary>
    public bool CorruptCrc { get; set; }

    public ReadOnlySpan<byte> Read(Span<byte> buffer)
    {
        if (Unplugged)
        {
            throw DeviceNode.Unavailable(Path, DeviceKind.OneWire, Errno.ENOENT);
        }

        var state = plant.Observe(clock.MonotonicNowNs);
        var ambient = plant.Parameters.AmbientCelsius;
        var celsius = ambient + 0.5 * (state.WindingCelsius - ambient);
        var raw = (short)Math.Clamp(Math.Round(celsius * 16), -55 * 16, 125 * 16);

        Span<byte> scratchpad = stackalloc byte[9];
        BinaryPrimitives.WriteInt16LittleEndian(scratchpad, raw);
        scratchpad[2] = 0x4B; // TH, TL: alarm registers at their factory values
        scratchpad[3] = 0x46;
        scratchpad[4] = 0x7F; // configuration: 12-bit resolution
        scratchpad[5] = 0xFF;
        scratchpad[6] = (byte)(0x10 - (raw & 0x0F)); // COUNT_REMAIN as the part reports it
        scratchpad[7] = 0x10;
        scratchpad[8] = Crc8(scratchpad[..8]);
        if (CorruptCrc)
        {
            scratchpad[0] ^= 0x01;
        }

        var n = 0;
        n += WriteHex(scratchpad, buffer[n..]);
        n += Append(": crc="u8, buffer[n..]);
        n += WriteByte(scratchpad[8], buffer[n..]);
        n += Append(Crc8(scratchpad[..8]) == scratchpad[8] ? " YES\n"u8 : " NO\n"u8, buffer[n..]);
        n += WriteHex(scratchpad, buffer[n..]);
        n += Append("t="u8, buffer[n..]);
        Utf8Formatter.TryFormat(raw * 1000 / 16, buffer[n..], out var written);
        n += written;
        return buffer[..n];
    }

    /// <summary>Dallas/Maxim CRC-8 over the scratchpad (DS18B20 datasheet, "CRC generation").</summary>
    internal static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (var b in data)
        {
            var value = b;
            for (var i = 0; i < 8; i++)
            {
                var mix = (byte)((crc ^ value) & 0x01);
                crc >>= 1;
                if (mix != 0)
                {
                    crc ^= 0x8C;
                }

                value >>= 1;
            }
        }

        return crc;
    }

    private static int WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        var n = 0;
        foreach (var b in bytes)
        {
            n += WriteByte(b, destination[n..]);
            destination[n++] = (byte)' ';
        }

        return n;
    }

    private static int WriteByte(byte value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written, new System.Buffers.StandardFormat('x', 2));
        return written;
    }

    private static int Append(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
