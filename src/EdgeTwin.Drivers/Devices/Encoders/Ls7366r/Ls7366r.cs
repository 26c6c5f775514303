using System.Buffers.Binary;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices.Encoders.Ls7366r;

/// <summary>
/// LSI/CSI LS7366R 32-bit quadrature counter over SPI (mode 0). The chip decodes the encoder's A/B edges in
/// hardware at up to 40 MHz, so a 1 kHz poll of its counter loses no edge however fast the shaft turns.
/// </summary>
/// <remarks>The channel is the raw count; position and velocity are derived downstream from counts per revolution.</remarks>
public sealed class Ls7366r : ISampledDevice
{
    private static readonly ChannelDescriptor[] ChannelList = [new("counts", "counts")];

    private readonly ISpiDevice _device;

    public Ls7366r(ISpiDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    public static IReadOnlyList<ChannelDescriptor> ChannelDescriptors => ChannelList;

    public IReadOnlyList<ChannelDescriptor> Channels => ChannelList;

    public void Initialize()
    {
        Transfer2(Ls7366rInstruction.Write | Ls7366rInstruction.Mdr0, Ls7366rInstruction.Mdr0Quadrature4x);
        Transfer2(Ls7366rInstruction.Write | Ls7366rInstruction.Mdr1, Ls7366rInstruction.Mdr1FourByteEnabled);
        Span<byte> clear = [Ls7366rInstruction.Clear | Ls7366rInstruction.Cntr];
        _device.Transfer(clear, stackalloc byte[1]);

        // The chip has no identity register: reading back MDR0 proves it is there and wired (a missing chip
        // reads 0xFF from the pulled-up MISO line).
        var mdr0 = Transfer2(Ls7366rInstruction.Read | Ls7366rInstruction.Mdr0, 0);
        if (mdr0 != Ls7366rInstruction.Mdr0Quadrature4x)
        {
            throw new DeviceException($"{_device.BusName}: LS7366R MDR0 reads back 0x{mdr0:X2} instead of 0x03 — chip absent or miswired");
        }
    }

    public void Read(Span<double> values, Span<Quality> qualities)
    {
        Span<byte> tx = [Ls7366rInstruction.Read | Ls7366rInstruction.Cntr, 0, 0, 0, 0];
        Span<byte> rx = stackalloc byte[5];
        _device.Transfer(tx, rx);
        values[0] = BinaryPrimitives.ReadInt32BigEndian(rx[1..]);
        qualities[0] = Quality.Good;
    }

    private byte Transfer2(int instruction, byte data)
    {
        Span<byte> tx = [(byte)instruction, data];
        Span<byte> rx = stackalloc byte[2];
        _device.Transfer(tx, rx);
        return rx[1];
    }
}
