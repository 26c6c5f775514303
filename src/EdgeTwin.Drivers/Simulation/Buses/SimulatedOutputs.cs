using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Simulation.Buses;

/// <summary>A simulated output line wired into the plant model (e.g. the holding brake's relay).</summary>
public sealed class SimulatedDigitalOutput(string name, Action<bool> wire) : IDigitalOutput
{
    private volatile bool _level;

    public string Name { get; } = name;

    public void Write(bool active)
    {
        _level = active;
        wire(active);
    }

    public bool Read() => _level;
}

/// <summary>A simulated PWM channel wired into the plant model (e.g. a drive's speed reference input).</summary>
public sealed class SimulatedPwmOutput(string name, long periodNs, Action<double> wire) : IPwmOutput
{
    private double _duty;

    public string Name { get; } = name;

    public long PeriodNs { get; } = periodNs;

    public double DutyCycle => Volatile.Read(ref _duty);

    public void SetDutyCycle(double fraction)
    {
        if (!double.IsFinite(fraction) || fraction < 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "duty cycle must be within 0..1");
        }

        Volatile.Write(ref _duty, fraction);
        wire(fraction);
    }
}
