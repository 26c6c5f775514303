namespace EdgeTwin.Drivers.Simulation.Buses;

/// <summary>The target side of a simulated SPI chip select: one full-duplex transfer with CS held low.</summary>
public interface ISpiTarget
{
    void OnTransfer(ReadOnlySpan<byte> mosi, Span<byte> miso);
}
