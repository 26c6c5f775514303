using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Simulation;

namespace EdgeTwin.Drivers.Devices;

/// <summary>
/// Everything configuration needs to know about one supported chip: its bus, channels, options, how to build
/// its driver over a bus device, and how to build its register-level simulator for the simulated plant.
/// </summary>
public sealed record DeviceType(
    string Name,
    BusKind Bus,
    string Description,
    IReadOnlyList<ChannelDescriptor> Channels,
    IReadOnlyList<DeviceOption> Options,
    double DefaultRateHz,
    double MaxRateHz,
    Func<object, IReadOnlyDictionary<string, double>, ISampledDevice> CreateDriver,
    Action<SimulatedPlant, string, int, IReadOnlyDictionary<string, double>> AttachSimulator)
{
    public ISampledDevice Create(II2cDevice device, IReadOnlyDictionary<string, double> options) => CreateDriver(device, options);

    public ISampledDevice Create(ISpiDevice device, IReadOnlyDictionary<string, double> options) => CreateDriver(device, options);

    public double Option(IReadOnlyDictionary<string, double> values, string name) =>
        values.TryGetValue(name, out var v) ? v : Options.First(o => o.Name == name).Default;
}
