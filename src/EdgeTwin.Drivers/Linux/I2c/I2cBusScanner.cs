using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>
/// Finds the targets on a bus the way i2c-tools' i2cdetect does: addresses 0x03-0x77 by default, SMBus Quick
/// Write except in 0x30-0x37 and 0x50-0x5F where a Receive Byte is used (a quick write can change the
/// write-protect state of some EEPROMs), addresses claimed by a kernel driver reported as in use and not probed.
/// </summary>
public static class I2cBusScanner
{
    public const int FirstAddress = 0x03;
    public const int LastAddress = 0x77;

    /// <summary>The probe i2cdetect would use for an address.</summary>
    public static I2cProbeMethod MethodFor(int address, I2cProbeMethod requested) => requested switch
    {
        I2cProbeMethod.Auto => address is (>= 0x30 and <= 0x37) or (>= 0x50 and <= 0x5F)
            ? I2cProbeMethod.ReadByte
            : I2cProbeMethod.QuickWrite,
        _ => requested,
    };

    /// <summary>Scans <paramref name="first"/>..<paramref name="last"/>; a NACK is absence, any other bus fault throws.</summary>
    /// <exception cref="BusException">The adapter failed in a way other than a missing acknowledge.</exception>
    public static I2cScanResult Scan(
        II2cBusProbe bus,
        I2cProbeMethod method = I2cProbeMethod.Auto,
        int first = FirstAddress,
        int last = LastAddress)
    {
        ArgumentNullException.ThrowIfNull(bus);
        if (first < FirstAddress || last > LastAddress || first > last)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"scan range must lie within 0x{FirstAddress:X2}-0x{LastAddress:X2}");
        }

        var states = new I2cAddressState[128];
        var skipped = 0;
        for (var address = first; address <= last; address++)
        {
            var probe = MethodFor(address, method);
            if (!bus.Supports(probe))
            {
                skipped++;
                continue;
            }

            states[address] = bus.Probe(address, probe);
        }

        return new I2cScanResult(bus.BusName, states, skipped);
    }
}
