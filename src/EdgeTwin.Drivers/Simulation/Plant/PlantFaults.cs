namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>Faults that can be injected into the simulated plant, each with a severity 0..1 and an onset time.</summary>
public sealed record PlantFaults
{
    /// <summary>Outer-race bearing wear: adds a defect tone at the ball-pass frequency and broadband noise.</summary>
    public double BearingWear { get; init; }

    /// <summary>Seconds after start at which the bearing wear appears (0: from the start).</summary>
    public double BearingWearOnsetSeconds { get; init; }

    /// <summary>Degraded cooling: the thermal resistance grows, the motor runs hotter at the same load.</summary>
    public double Overheating { get; init; }

    public double OverheatingOnsetSeconds { get; init; }

    public static readonly PlantFaults None = new();
}
