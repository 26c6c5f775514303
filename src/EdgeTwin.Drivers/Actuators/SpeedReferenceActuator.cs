using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Actuators;

/// <summary>
/// A drive's speed reference given as a PWM duty cycle (a VFD's filtered-PWM analogue input): 0..max rpm
/// maps linearly onto 0..100 % duty.
/// </summary>
public sealed class SpeedReferenceActuator(IPwmOutput output, double maxRpm) : IActuator
{
    public string Unit => "rpm";

    public double Minimum => 0;

    public double Maximum => maxRpm;

    public double Value { get; private set; }

    public void Write(double value)
    {
        var clamped = Math.Clamp(value, 0, maxRpm);
        output.SetDutyCycle(clamped / maxRpm);
        Value = clamped;
    }
}
