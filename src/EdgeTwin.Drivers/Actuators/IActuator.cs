namespace EdgeTwin.Drivers.Actuators;

/// <summary>An output the twin commands: it converts a value in engineering units into a hardware write.</summary>
public interface IActuator
{
    string Unit { get; }

    double Minimum { get; }

    double Maximum { get; }

    /// <summary>The last value written.</summary>
    double Value { get; }

    /// <summary>Writes the value to the hardware; the caller has already checked it against the limits.</summary>
    void Write(double value);
}
