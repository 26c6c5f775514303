using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Devices;

/// <summary>
/// Everything configuration needs to know about one supported chip: its bus, channels, options, how to build
/// its driver over a bus endpoint, and how to build its register-level simulator for the simulated plant.
/// </summary>
/// <param name="AttachSimulator">
/// Places the simulator on the plant at (bus, address): for I2C/SPI the bus name and address or chip select,
/// for a UART the port path, for 1-Wire the sensor id, for GPIO the endpoint key (address unused).
/// </param>
public sealed record DeviceType(
    string Name,
    BusKind Bus,
    string Description,
    IReadOnlyList<ChannelDescriptor> Channels,
    IReadOnlyList<DeviceOption> Options,
    double DefaultRateHz,
    double MaxRateHz,
    Func<DriverContext, ISampledDevice> CreateDriver,
    Action<SimulatedPlant, string, int, IReadOnlyDictionary<string, double>> AttachSimulator)
{
    public ISampledDevice Create(II2cDevice device, IReadOnlyDictionary<string, double> options) =>
        CreateDriver(new DriverContext(device, options, DefaultRateHz, new SystemClock()));

    public ISampledDevice Create(ISpiDevice device, IReadOnlyDictionary<string, double> options) =>
        CreateDriver(new DriverContext(device, options, DefaultRateHz, new SystemClock()));

    /// <param name="endpoint">What the bus kind opens: <see cref="II2cDevice"/>, <see cref="ISpiDevice"/>, <see cref="ISerialPort"/>, <see cref="IOneWireSlave"/> or <see cref="Encoders.Quadrature.QuadratureInputs"/>.</param>
    public ISampledDevice Create(object endpoint, IReadOnlyDictionary<string, double> options, double rateHz, IClock clock) =>
        CreateDriver(new DriverContext(endpoint, options, rateHz, clock));

    public double Option(IReadOnlyDictionary<string, double> values, string name) =>
        values.TryGetValue(name, out var v) ? v : Options.First(o => o.Name == name).Default;
}

/// <summary>What a driver is built from: the opened bus endpoint, the validated options, the sample rate and the clock.</summary>
public sealed record DriverContext(object Endpoint, IReadOnlyDictionary<string, double> Options, double RateHz, IClock Clock)
{
    public double Get(string name, double fallback) => Options.TryGetValue(name, out var value) ? value : fallback;
}
