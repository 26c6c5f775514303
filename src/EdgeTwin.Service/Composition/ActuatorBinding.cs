using EdgeTwin.Drivers.Actuators;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// A configured actuator: the hardware output plus the twin channel that records every value written to it,
/// so setpoints are part of the twin's state and history like any measurement.
/// </summary>
public sealed class ActuatorBinding(string name, IActuator actuator, int channel, double safeValue, IClock clock, ISampleSink sink)
{
    private readonly Lock _lock = new();
    private readonly Sample[] _sample = new Sample[1];

    public string Name { get; } = name;

    public IActuator Actuator { get; } = actuator;

    public int Channel { get; } = channel;

    public double SafeValue { get; } = safeValue;

    /// <summary>Writes a value (clamped to the actuator's limits) and records it in the twin.</summary>
    public void Write(double value)
    {
        lock (_lock)
        {
            Actuator.Write(Math.Clamp(value, Actuator.Minimum, Actuator.Maximum));
            _sample[0] = new Sample(Channel, clock.UtcNowNs, Actuator.Value, Quality.Good);
            sink.Publish(_sample);
        }
    }

    public void ApplySafeState() => Write(SafeValue);
}
