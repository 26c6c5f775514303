namespace EdgeTwin.Drivers.Buses;

/// <summary>A byte stream to a device on a UART (<c>/dev/ttyAMA0</c>, <c>/dev/ttyUSB0</c>) or a simulator.</summary>
public interface ISerialPort
{
    string PortName { get; }

    /// <summary>
    /// Reads what is available, waiting up to the port's read timeout for the first byte.
    /// Returns 0 when nothing arrived in time.
    /// </summary>
    int Read(Span<byte> buffer);

    void Write(ReadOnlySpan<byte> data);
}
