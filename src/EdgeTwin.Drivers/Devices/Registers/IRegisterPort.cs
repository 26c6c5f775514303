namespace EdgeTwin.Drivers.Devices.Registers;

/// <summary>
/// Register reads and writes of a chip that speaks both I2C and SPI (LSM6DSO, BME280), so its driver is
/// written once. Implementations do not allocate.
/// </summary>
internal interface IRegisterPort
{
    /// <summary>Bus and address for messages, e.g. <c>sim:i2c-1 0x6A</c> or <c>/dev/spidev0.1</c>.</summary>
    string Describe { get; }

    /// <summary>Reads consecutive registers from <paramref name="register"/> (the chip must auto-increment).</summary>
    void Read(byte register, Span<byte> values);

    void Write(byte register, byte value);
}
