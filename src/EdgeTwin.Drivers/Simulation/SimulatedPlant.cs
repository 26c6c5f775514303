using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Encoders.Quadrature;
using EdgeTwin.Drivers.Simulation.Buses;
using EdgeTwin.Drivers.Simulation.Plant;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Drivers.Simulation;

/// <summary>
/// The simulated machine: the axis physics plus the simulated buses its sensors sit on and the outputs its
/// actuators drive. Drivers reach it only through the bus interfaces, exactly as they reach real hardware.
/// </summary>
public sealed class SimulatedPlant
{
    private readonly Dictionary<string, SimulatedI2cBus> _i2c = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedSpiBus> _spi = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _endpoints = new(StringComparer.Ordinal);
    private readonly int _seed;
    private int _devices;

    public SimulatedPlant(IClock clock, AxisPlantParameters parameters, PlantFaults faults, int seed)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        _seed = seed;
        Axis = new AxisPlant(parameters, faults, clock.MonotonicNowNs);
        SpeedReference = new SimulatedPwmOutput("sim:pwm0", 50_000, duty => Axis.CommandSpeed(duty * parameters.MaxSpeedRpm));
        Brake = new SimulatedDigitalOutput("sim:brake", Axis.SetBrake);
    }

    public IClock Clock { get; }

    public AxisPlant Axis { get; }

    /// <summary>The drive's speed reference input: duty 0..1 maps to 0..max speed.</summary>
    public SimulatedPwmOutput SpeedReference { get; }

    /// <summary>The holding brake's relay: active engages the brake.</summary>
    public SimulatedDigitalOutput Brake { get; }

    public SimulatedI2cBus I2cBus(string name)
    {
        lock (_i2c)
        {
            if (!_i2c.TryGetValue(name, out var bus))
            {
                bus = new SimulatedI2cBus($"sim:{name}");
                _i2c.Add(name, bus);
            }

            return bus;
        }
    }

    public SimulatedSpiBus SpiBus(string name)
    {
        lock (_spi)
        {
            if (!_spi.TryGetValue(name, out var bus))
            {
                bus = new SimulatedSpiBus($"sim:{name}");
                _spi.Add(name, bus);
            }

            return bus;
        }
    }

    /// <summary>Places a simulated chip on a bus; each chip gets its own noise seed derived from the plant's.</summary>
    public void AttachI2c(string bus, int address, Func<int, II2cTarget> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var target = create(_seed * 31 + Interlocked.Increment(ref _devices));
        I2cBus(bus).Attach(address, target);
    }

    public void AttachSpi(string bus, int chipSelect, ISpiTarget target) => SpiBus(bus).Attach(chipSelect, target);

    /// <summary>Places a simulated device on a UART (keyed by port path), a 1-Wire id or a GPIO endpoint key.</summary>
    public void AttachEndpoint(string key, Func<int, object> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_endpoints)
        {
            if (_endpoints.ContainsKey(key))
            {
                throw new InvalidOperationException($"sim:{key} is already taken");
            }

            _endpoints.Add(key, create(_seed * 31 + Interlocked.Increment(ref _devices)));
        }
    }

    /// <summary>The simulated device attached at <paramref name="key"/>, or null.</summary>
    public T? Endpoint<T>(string key)
        where T : class
    {
        lock (_endpoints)
        {
            return _endpoints.GetValueOrDefault(key) as T;
        }
    }

    /// <summary>What a driver is built on for the device at <paramref name="key"/>: the port, the w1 slave or the opened encoder lines.</summary>
    public object OpenEndpoint(string key)
    {
        var endpoint = Endpoint<object>(key) ?? throw new BusException(BusFault.IoError, $"sim:{key}", "no simulated device there");
        return endpoint is QuadratureSimulator encoder ? encoder.Open() : endpoint;
    }

    public II2cDevice OpenI2c(string bus, int address) => I2cBus(bus).Open(address);

    public ISpiDevice OpenSpi(string bus, int chipSelect) => SpiBus(bus).Open(chipSelect);
}
