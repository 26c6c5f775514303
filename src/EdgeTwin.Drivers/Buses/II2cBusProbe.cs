namespace EdgeTwin.Drivers.Buses;

/// <summary>How a bus scan asks whether a target answers at an address (the i2cdetect probe commands).</summary>
public enum I2cProbeMethod
{
    /// <summary>Read byte for 0x30-0x37 and 0x50-0x5F (EEPROMs a quick write could corrupt), quick write elsewhere.</summary>
    Auto,
    /// <summary>SMBus Quick Write: the address byte with the R/W bit as data, nothing else.</summary>
    QuickWrite,
    /// <summary>SMBus Receive Byte.</summary>
    ReadByte,
}

/// <summary>What a scan found at one address.</summary>
public enum I2cAddressState
{
    /// <summary>The address was outside the scanned range or the adapter cannot do the probe it needs.</summary>
    NotProbed,
    Absent,
    Present,
    /// <summary>A kernel driver has claimed the address (i2cdetect's "UU"); it was not probed.</summary>
    InUseByDriver,
}

/// <summary>A bus that can be scanned: <c>/dev/i2c-N</c> or a simulated bus.</summary>
public interface II2cBusProbe
{
    string BusName { get; }

    bool Supports(I2cProbeMethod method);

    /// <summary>Probes one 7-bit address with a concrete method (never <see cref="I2cProbeMethod.Auto"/>).</summary>
    I2cAddressState Probe(int address, I2cProbeMethod method);
}
