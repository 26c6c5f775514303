namespace EdgeTwin.Drivers.Devices.Temperature.Max31865;

/// <summary>The RTD and the board around the MAX31865.</summary>
public sealed record Max31865Options
{
    /// <summary>R0 of the element: 100 (PT100) or 1000 (PT1000).</summary>
    public double NominalOhms { get; init; } = 100;

    /// <summary>The reference resistor on the board: typically 430 Ω for PT100, 4300 Ω for PT1000.</summary>
    public double ReferenceOhms { get; init; } = 430;

    /// <summary>2, 3 or 4 wires to the element.</summary>
    public int Wires { get; init; } = 3;

    /// <summary>Mains frequency the input filter rejects: 50 or 60 Hz.</summary>
    public int MainsHz { get; init; } = 50;
}
