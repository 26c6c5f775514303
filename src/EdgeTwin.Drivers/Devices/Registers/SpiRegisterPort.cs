using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Registers;

/// <summary>
/// Register access over SPI: the first byte is the register address with a direction bit, the following bytes
/// carry the data. Most chips (LSM6DSO, BME280) set bit 7 for a read; the MAX31865 sets it for a write.
/// </summary>
internal sealed class SpiRegisterPort(ISpiDevice device, bool readBitSet = true) : IRegisterPort
{
    /// <summary>The longest burst a driver asks for; transfers are staged on the stack.</summary>
    public const int MaxBurst = 63;

    public string Describe => device.BusName;

    public void Read(byte register, Span<byte> values)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Length, MaxBurst);
        Span<byte> tx = stackalloc byte[values.Length + 1];
        Span<byte> rx = stackalloc byte[values.Length + 1];
        tx.Clear();
        tx[0] = (byte)(readBitSet ? register | 0x80 : register & 0x7F);
        device.Transfer(tx, rx);
        rx[1..].CopyTo(values);
    }

    public void Write(byte register, byte value)
    {
        ReadOnlySpan<byte> tx = [(byte)(readBitSet ? register & 0x7F : register | 0x80), value];
        Span<byte> rx = stackalloc byte[2];
        device.Transfer(tx, rx);
    }
}
