namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>
/// Physical constants of the simulated axis: a speed-controlled motor driving a load, a quadrature encoder on
/// the shaft, an IMU on the motor housing and a temperature sensor on the winding.
/// </summary>
/// <remarks>
/// The values describe a small 0.75 kW class servo axis. The thermal time constant is shorter than a real
/// motor's (tens of minutes) so the twin shows thermal dynamics within a demo; it is configurable.
/// </remarks>
public sealed record AxisPlantParameters
{
    public double MaxSpeedRpm { get; init; } = 3000;

    /// <summary>First-order time constant of the closed speed loop (s).</summary>
    public double SpeedTimeConstantSeconds { get; init; } = 0.4;

    /// <summary>Time constant of the deceleration when the holding brake is engaged (s).</summary>
    public double BrakeTimeConstantSeconds { get; init; } = 0.08;

    public double AmbientCelsius { get; init; } = 22;

    /// <summary>Losses at standstill with the drive enabled (W).</summary>
    public double IdleLossWatts { get; init; } = 5;

    /// <summary>Additional losses at full speed; they grow with the square of speed (W).</summary>
    public double FullSpeedLossWatts { get; init; } = 60;

    /// <summary>Thermal resistance winding → ambient (K/W).</summary>
    public double ThermalResistanceKelvinPerWatt { get; init; } = 0.5;

    public double ThermalTimeConstantSeconds { get; init; } = 120;

    /// <summary>Mass eccentricity of the rotor: the 1× imbalance acceleration is e·ω² (m).</summary>
    public double ImbalanceEccentricityMeters { get; init; } = 20e-6;

    /// <summary>Ball-pass frequency of the outer race in multiples of shaft speed (a typical 6204 bearing: 3.58).</summary>
    public double BearingDefectOrder { get; init; } = 3.58;

    /// <summary>Peak defect vibration at full speed and full wear (m/s²).</summary>
    public double BearingDefectAmplitude { get; init; } = 8;

    /// <summary>Broadband vibration noise of a healthy machine, one sigma (m/s²).</summary>
    public double VibrationNoise { get; init; } = 0.05;

    /// <summary>With full overheating fault the cooling path is this many times worse (a blocked fan).</summary>
    public double OverheatingResistanceFactor { get; init; } = 4;

    /// <summary>Integration step of the plant model (s).</summary>
    public double StepSeconds { get; init; } = 0.001;
}
