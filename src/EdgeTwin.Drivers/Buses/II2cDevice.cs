namespace EdgeTwin.Drivers.Buses;

/// <summary>
/// One target on an I2C bus. A driver receives this in its constructor, so the same driver code runs over
/// <c>/dev/i2c-N</c> and over a register-level simulator.
/// </summary>
public interface II2cDevice
{
    /// <summary>Bus name for error messages, e.g. <c>/dev/i2c-1</c> or <c>sim:i2c-1</c>.</summary>
    string BusName { get; }

    /// <summary>7-bit target address.</summary>
    int Address { get; }

    void Write(ReadOnlySpan<byte> data);

    void Read(Span<byte> buffer);

    /// <summary>
    /// A combined transaction: write <paramref name="write"/>, repeated START, read into <paramref name="read"/>
    /// — how every register-addressed device is read (I2C_RDWR with two messages).
    /// </summary>
    void WriteRead(ReadOnlySpan<byte> write, Span<byte> read);
}
