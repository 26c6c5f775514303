using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Sync.Tests.Acquisition;

/// <summary>Counts the bus transactions a driver makes, to prove how often it really touches the bus.</summary>
internal sealed class CountingI2cDevice(II2cDevice inner) : II2cDevice
{
    public int Transactions { get; private set; }

    public string BusName => inner.BusName;

    public int Address => inner.Address;

    public void Write(ReadOnlySpan<byte> data)
    {
        Transactions++;
        inner.Write(data);
    }

    public void Read(Span<byte> buffer)
    {
        Transactions++;
        inner.Read(buffer);
    }

    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
    {
        Transactions++;
        inner.WriteRead(write, read);
    }
}
