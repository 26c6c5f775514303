namespace EdgeTwin.Drivers.Devices;

/// <summary>The kind of bus a device type sits on; a bus of that kind serializes its devices on one thread.</summary>
public enum BusKind
{
    I2c,
    Spi,
}
