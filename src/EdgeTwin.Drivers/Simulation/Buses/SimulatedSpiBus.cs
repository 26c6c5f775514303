using System.Collections.Concurrent;
using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Simulation.Buses;

/// <summary>A SPI bus with simulated targets on its chip selects. An empty chip select reads all ones, like a floating MISO line with a pull-up.</summary>
public sealed class SimulatedSpiBus(string name)
{
    private readonly ConcurrentDictionary<int, ISpiTarget> _targets = new();
    private readonly ConcurrentDictionary<int, BusFault> _faults = new();

    public string Name { get; } = name;

    public void Attach(int chipSelect, ISpiTarget target)
    {
        if (!_targets.TryAdd(chipSelect, target))
        {
            throw new InvalidOperationException($"{Name}: chip select {chipSelect} is already taken");
        }
    }

    public void InjectFault(int chipSelect, BusFault fault) => _faults[chipSelect] = fault;

    public void ClearFault(int chipSelect) => _faults.TryRemove(chipSelect, out _);

    public ISpiDevice Open(int chipSelect) => new Device(this, chipSelect);

    private sealed class Device(SimulatedSpiBus bus, int chipSelect) : ISpiDevice
    {
        public string BusName => $"{bus.Name}.{chipSelect}";

        public void Transfer(ReadOnlySpan<byte> tx, Span<byte> rx)
        {
            if (bus._faults.TryGetValue(chipSelect, out var fault))
            {
                throw new BusException(fault, BusName, chipSelect, "transfer failed");
            }

            if (bus._targets.TryGetValue(chipSelect, out var target))
            {
                target.OnTransfer(tx, rx);
            }
            else
            {
                rx.Fill(0xFF);
            }
        }
    }
}
