namespace EdgeTwin.Drivers.Buses;

/// <summary>One chip select on a SPI bus (<c>/dev/spidevB.C</c> or a simulator).</summary>
public interface ISpiDevice
{
    string BusName { get; }

    /// <summary>
    /// Full-duplex transfer with chip select held for its duration: clocks out <paramref name="tx"/> while
    /// clocking in the same number of bytes into <paramref name="rx"/>.
    /// </summary>
    void Transfer(ReadOnlySpan<byte> tx, Span<byte> rx);
}
