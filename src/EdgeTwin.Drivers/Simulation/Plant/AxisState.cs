namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>A consistent snapshot of the simulated axis at one instant.</summary>
public readonly record struct AxisState(
    long TimeNs,
    double SpeedRpm,
    double CommandedSpeedRpm,
    double ShaftRevolutions,
    double WindingCelsius,
    double BearingWear,
    bool BrakeEngaged,
    double ElectricalLossWatts);
