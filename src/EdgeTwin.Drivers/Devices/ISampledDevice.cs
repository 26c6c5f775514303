using EdgeTwin.Drivers.Samples;

namespace EdgeTwin.Drivers.Devices;

/// <summary>
/// A sensor the acquisition loop polls at a fixed rate. One call reads every channel of the device in one bus
/// transaction where the chip allows it (burst read), so all channels share one timestamp.
/// </summary>
public interface ISampledDevice
{
    /// <summary>The channels in the order <see cref="Read"/> fills them.</summary>
    IReadOnlyList<ChannelDescriptor> Channels { get; }

    /// <summary>Checks the chip's identity and configures it. Throws <see cref="DeviceException"/> or <see cref="Buses.BusException"/>.</summary>
    void Initialize();

    /// <summary>
    /// Reads one value per channel in the channel's native unit, with a quality per channel (e.g. a saturated
    /// axis is uncertain). Throws <see cref="Buses.BusException"/> when the transaction fails; must not allocate.
    /// </summary>
    void Read(Span<double> values, Span<Quality> qualities);
}

/// <summary>A channel a device type provides, with its native unit.</summary>
public sealed record ChannelDescriptor(string Name, string Unit);
