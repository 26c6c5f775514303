namespace EdgeTwin.Drivers.Simulation.Buses;

/// <summary>
/// The target side of a simulated I2C bus: what a chip does with the bytes of one write or read message.
/// Implementations model the datasheet's register map, so drivers are tested through their real code path.
/// </summary>
public interface II2cTarget
{
    void OnWrite(ReadOnlySpan<byte> data);

    void OnRead(Span<byte> buffer);
}
