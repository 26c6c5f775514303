using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Linux.I2c;

/// <summary>One target on a <see cref="LinuxI2cBus"/>.</summary>
internal sealed class LinuxI2cDevice(LinuxI2cBus bus, int address) : II2cDevice
{
    public string BusName => bus.BusName;

    public int Address => address;

    public void Write(ReadOnlySpan<byte> data) => bus.Write(address, data);

    public void Read(Span<byte> buffer) => bus.Read(address, buffer);

    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read) => bus.WriteRead(address, write, read);
}
