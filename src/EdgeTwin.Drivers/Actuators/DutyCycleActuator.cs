using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Actuators;

/// <summary>A plain PWM output (a valve, a fan, an LED) commanded in percent duty cycle.</summary>
public sealed class DutyCycleActuator(IPwmOutput output) : IActuator
{
    public string Unit => "%";

    public double Minimum => 0;

    public double Maximum => 100;

    /// <summary>The duty cycle the output actually produces (quantised by the hardware), in percent.</summary>
    public double Value => output.DutyCycle * 100;

    public void Write(double value) => output.SetDutyCycle(value / 100);
}
