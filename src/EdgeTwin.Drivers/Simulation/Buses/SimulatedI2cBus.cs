using System.Collections.Concurrent;
using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Simulation.Buses;

/// <summary>
/// An I2C bus with register-level simulated targets at their addresses. Faults can be injected per address
/// to exercise drivers' error paths exactly as the kernel would report them.
/// </summary>
public sealed class SimulatedI2cBus(string name)
{
    private readonly ConcurrentDictionary<int, II2cTarget> _targets = new();
    private readonly ConcurrentDictionary<int, BusFault> _faults = new();

    public string Name { get; } = name;

    public void Attach(int address, II2cTarget target)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address, 0x7F);
        if (!_targets.TryAdd(address, target))
        {
            throw new InvalidOperationException($"{Name}: address 0x{address:X2} is already taken");
        }
    }

    public bool IsPresent(int address) => _targets.ContainsKey(address);

    /// <summary>From now on every transaction to <paramref name="address"/> fails with <paramref name="fault"/>.</summary>
    public void InjectFault(int address, BusFault fault) => _faults[address] = fault;

    public void ClearFault(int address) => _faults.TryRemove(address, out _);

    public II2cDevice Open(int address) => new Device(this, address);

    private II2cTarget Resolve(int address)
    {
        if (_faults.TryGetValue(address, out var fault))
        {
            throw new BusException(fault, Name, address, fault switch
            {
                BusFault.Nack => "no acknowledge from target",
                BusFault.Timeout => "bus timed out (SCL held low)",
                BusFault.ArbitrationLost => "arbitration lost",
                _ => "I/O error",
            });
        }

        return _targets.TryGetValue(address, out var target)
            ? target
            : throw new BusException(BusFault.Nack, Name, address, "no acknowledge from target");
    }

    private sealed class Device(SimulatedI2cBus bus, int address) : II2cDevice
    {
        public string BusName => bus.Name;

        public int Address => address;

        public void Write(ReadOnlySpan<byte> data) => bus.Resolve(address).OnWrite(data);

        public void Read(Span<byte> buffer) => bus.Resolve(address).OnRead(buffer);

        public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
        {
            var target = bus.Resolve(address);
            target.OnWrite(write);
            target.OnRead(read);
        }
    }
}
