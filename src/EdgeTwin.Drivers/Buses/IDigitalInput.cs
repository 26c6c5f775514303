namespace EdgeTwin.Drivers.Buses;

/// <summary>A single input line (a GPIO line requested as input, or a simulated one).</summary>
public interface IDigitalInput
{
    string Name { get; }

    /// <summary>The logical level: true when active (after any active-low inversion).</summary>
    bool Read();
}
