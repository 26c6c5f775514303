using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Probe;

/// <summary>
/// Identifies the chip at an I2C address from its identity registers, reading only — a probe never writes a
/// register, so it is safe on a running machine. Each known chip is tried at the addresses its datasheet
/// allows; the first whose registers match wins.
/// </summary>
public static class DeviceProbe
{
    public const string UnknownChip = "unknown";

    private delegate ProbeResult? Signature(II2cDevice device);

    private static readonly (int First, int Last, Signature Check)[] Signatures =
    [
        (0x18, 0x1F, Mcp9808),
        (0x36, 0x36, As5600),
        (0x68, 0x69, InvenSense),
        (0x6A, 0x6B, Lsm6dso),
        (0x76, 0x77, Bme280),

        // Last: the PCA9685 can sit anywhere in 0x40-0x7F and has the weakest signature.
        (0x40, 0x7F, Pca9685),
    ];

    /// <summary>Identifies whatever answers at <paramref name="device"/>'s address.</summary>
    /// <exception cref="BusException">The bus failed with something other than a NACK (a stuck bus, a timeout).</exception>
    public static ProbeResult Identify(II2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var address = device.Address;
        foreach (var (first, last, check) in Signatures)
        {
            if (address < first || address > last)
            {
                continue;
            }

            try
            {
                if (check(device) is { } found)
                {
                    return found;
                }
            }
            catch (BusException ex) when (ex.Fault == BusFault.Nack)
            {
                // A NACK on a register read means this is not that chip (or it has gone); try the next.
            }
        }

        return new ProbeResult(address, null, UnknownChip, "no known identity registers matched");
    }

    /// <summary>Identifies every address in <paramref name="addresses"/>, opening each through <paramref name="open"/>.</summary>
    public static IReadOnlyList<ProbeResult> IdentifyAll(IEnumerable<int> addresses, Func<int, II2cDevice> open)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(open);
        return addresses.Select(a => Identify(open(a))).ToList();
    }

    // MPU-6000/6050 register map §4.32: WHO_AM_I (0x75) holds 0x68 regardless of AD0; MPU-6500 reads 0x70.
    private static ProbeResult? InvenSense(II2cDevice device)
    {
        var id = Read8(device, 0x75);
        var chip = id switch
        {
            0x68 => "InvenSense MPU-6050",
            0x70 => "InvenSense MPU-6500",
            _ => null,
        };
        return chip is null ? null : new ProbeResult(device.Address, "mpu6050", chip, $"WHO_AM_I (0x75) = 0x{id:X2}");
    }

    // LSM6DSO DS12140 §9.11: WHO_AM_I (0x0F) = 0x6C.
    private static ProbeResult? Lsm6dso(II2cDevice device)
    {
        var id = Read8(device, 0x0F);
        return id == 0x6C ? new ProbeResult(device.Address, "lsm6dso", "ST LSM6DSO", "WHO_AM_I (0x0F) = 0x6C") : null;
    }

    // BME280 §5.4.1: chip id (0xD0) = 0x60; the BMP280 at the same addresses reads 0x56-0x58.
    private static ProbeResult? Bme280(II2cDevice device)
    {
        var id = Read8(device, 0xD0);
        return id switch
        {
            0x60 => new ProbeResult(device.Address, "bme280", "Bosch BME280", "chip id (0xD0) = 0x60"),
            0x56 or 0x57 or 0x58 => new ProbeResult(device.Address, null, "Bosch BMP280", $"chip id (0xD0) = 0x{id:X2}"),
            _ => null,
        };
    }

    // MCP9808 §5.1.5-5.1.6: manufacturer id (0x06) = 0x0054, device id (0x07) high byte = 0x04.
    private static ProbeResult? Mcp9808(II2cDevice device)
    {
        var manufacturer = Read16BigEndian(device, 0x06);
        var deviceId = Read16BigEndian(device, 0x07) >> 8;
        return manufacturer == 0x0054 && deviceId == 0x04
            ? new ProbeResult(device.Address, "mcp9808", "Microchip MCP9808", $"manufacturer id (0x06) = 0x0054, device id (0x07) = 0x{deviceId:X2}")
            : null;
    }

    // AS5600 has no identity register: its fixed address plus reserved STATUS bits reading zero and the
    // magnet-detected bit is as close as one gets.
    private static ProbeResult? As5600(II2cDevice device)
    {
        var status = Read8(device, 0x0B);
        if ((status & 0xC7) != 0)
        {
            return null;
        }

        var magnet = (status & 0x20) != 0 ? "magnet detected" : "no magnet";
        return new ProbeResult(device.Address, "as5600", "ams AS5600", $"STATUS (0x0B) = 0x{status:X2}: reserved bits clear, {magnet}");
    }

    // PCA9685 §7.3: MODE2 (0x01) resets to 0x04 and bits 7:5 are reserved (read 0); PRE_SCALE (0xFE) is at
    // least 3. MODE1 (0x00) changes with use, so only its reserved-free layout is not checked.
    private static ProbeResult? Pca9685(II2cDevice device)
    {
        var mode2 = Read8(device, 0x01);
        var prescale = Read8(device, 0xFE);
        return (mode2 & 0xE0) == 0 && prescale >= 3
            ? new ProbeResult(device.Address, null, "NXP PCA9685 (probable)", $"MODE2 (0x01) = 0x{mode2:X2}, PRE_SCALE (0xFE) = 0x{prescale:X2}")
            : null;
    }

    private static byte Read8(II2cDevice device, byte register)
    {
        Span<byte> value = stackalloc byte[1];
        ReadOnlySpan<byte> address = [register];
        device.WriteRead(address, value);
        return value[0];
    }

    private static int Read16BigEndian(II2cDevice device, byte register)
    {
        Span<byte> value = stackalloc byte[2];
        ReadOnlySpan<byte> address = [register];
        device.WriteRead(address, value);
        return value[0] << 8 | value[1];
    }
}
