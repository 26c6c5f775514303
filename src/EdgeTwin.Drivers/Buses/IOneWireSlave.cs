namespace EdgeTwin.Drivers.Buses;

/// <summary>The kernel's view of one 1-Wire slave: its <c>w1_slave</c> file, or a simulator producing the same text.</summary>
public interface IOneWireSlave
{
    string Path { get; }

    bool Exists { get; }

    /// <summary>Reads the whole file into <paramref name="buffer"/>; throws <see cref="BusException"/> when it is gone.</summary>
    ReadOnlySpan<byte> Read(Span<byte> buffer);
}
