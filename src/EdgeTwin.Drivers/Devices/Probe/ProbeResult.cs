namespace EdgeTwin.Drivers.Devices.Probe;

/// <summary>What answered at one address.</summary>
/// <param name="Address">7-bit I2C address.</param>
/// <param name="Type">The <see cref="DeviceCatalog"/> type name to configure it with; null when EdgeTwin has no driver for it.</param>
/// <param name="Chip">The chip, e.g. "InvenSense MPU-6050", or "unknown".</param>
/// <param name="Evidence">The register values that identified it, e.g. "WHO_AM_I (0x75) = 0x68".</param>
public sealed record ProbeResult(int Address, string? Type, string Chip, string Evidence)
{
    public bool Identified => Chip != DeviceProbe.UnknownChip;
}
