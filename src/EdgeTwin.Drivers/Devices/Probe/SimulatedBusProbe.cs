using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Simulation.Buses;

namespace EdgeTwin.Drivers.Devices.Probe;

/// <summary>
/// Lets <see cref="Linux.I2c.I2cBusScanner"/> scan a simulated bus: a probe is an empty write (what SMBus Quick
/// Write amounts to) or a one-byte read; a NACK means absent, any other injected fault propagates like an
/// adapter error does on real hardware.
/// </summary>
public sealed class SimulatedBusProbe(SimulatedI2cBus bus) : II2cBusProbe
{
    public string BusName => bus.Name;

    public bool Supports(I2cProbeMethod method) => method is I2cProbeMethod.QuickWrite or I2cProbeMethod.ReadByte;

    public I2cAddressState Probe(int address, I2cProbeMethod method)
    {
        var device = bus.Open(address);
        try
        {
            if (method == I2cProbeMethod.QuickWrite)
            {
                device.Write([]);
            }
            else
            {
                Span<byte> one = stackalloc byte[1];
                device.Read(one);
            }

            return I2cAddressState.Present;
        }
        catch (BusException ex) when (ex.Fault == BusFault.Nack)
        {
            return I2cAddressState.Absent;
        }
    }
}
