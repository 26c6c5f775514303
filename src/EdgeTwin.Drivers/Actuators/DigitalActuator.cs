using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Actuators;

/// <summary>An on/off output: any value ≥ 0.5 drives the line active.</summary>
public sealed class DigitalActuator(IDigitalOutput output) : IActuator
{
    public string Unit => "bool";

    public double Minimum => 0;

    public double Maximum => 1;

    public double Value => output.Read() ? 1 : 0;

    public void Write(double value) => output.Write(value >= 0.5);
}
