using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Registers;

/// <summary>Register access over I2C: write the register address, repeated START, read (the usual combined transaction).</summary>
internal sealed class I2cRegisterPort(II2cDevice device) : IRegisterPort
{
    public string Describe { get; } = $"{device.BusName} 0x{device.Address:X2}";

    public void Read(byte register, Span<byte> values)
    {
        ReadOnlySpan<byte> address = [register];
        device.WriteRead(address, values);
    }

    public void Write(byte register, byte value)
    {
        ReadOnlySpan<byte> data = [register, value];
        device.Write(data);
    }
}
