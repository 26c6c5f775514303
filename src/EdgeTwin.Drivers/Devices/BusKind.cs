namespace EdgeTwin.Drivers.Devices;

/// <summary>The kind of bus a device type sits on; a bus of that kind serializes its devices on one thread.</summary>
public enum BusKind
{
    I2c,
    Spi,

    /// <summary>A UART (<c>/dev/ttyAMA0</c>, <c>/dev/ttyUSB0</c>): one device per port.</summary>
    Serial,

    /// <summary>The kernel's 1-Wire bus masters (<c>/sys/bus/w1</c>); a sensor is named by its 64-bit id.</summary>
    OneWire,

    /// <summary>Edge events on lines of a GPIO character device (<c>/dev/gpiochipN</c>).</summary>
    Gpio,
}
