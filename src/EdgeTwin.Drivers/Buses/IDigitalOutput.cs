namespace EdgeTwin.Drivers.Buses;

/// <summary>A single output line (a GPIO line requested as output, or a simulated one).</summary>
public interface IDigitalOutput
{
    string Name { get; }

    void Write(bool active);

    /// <summary>The level last driven, read back from the line where the hardware allows it.</summary>
    bool Read();
}
