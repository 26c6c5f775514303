namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>
/// What an accelerometer and gyroscope bolted to the motor housing feel: gravity, the 1× imbalance that grows
/// with the square of speed, and a bearing defect tone at the ball-pass frequency once wear appears.
/// </summary>
public sealed class HousingVibration(AxisPlantParameters parameters, int seed)
{
    public const double StandardGravity = 9.80665;

    private readonly GaussianNoise _noise = new(seed);

    /// <summary>Specific force in the sensor frame (m/s²) and angular rate (rad/s) at the given state.</summary>
    public void Measure(in AxisState state, Span<double> accel, Span<double> gyro)
    {
        var omega = state.SpeedRpm / 60.0 * 2 * Math.PI;
        var shaftAngle = 2 * Math.PI * state.ShaftRevolutions;
        var imbalance = parameters.ImbalanceEccentricityMeters * omega * omega;

        var relativeSpeed = Math.Abs(state.SpeedRpm) / parameters.MaxSpeedRpm;
        var defect = state.BearingWear * parameters.BearingDefectAmplitude * relativeSpeed
            * Math.Sin(parameters.BearingDefectOrder * shaftAngle);
        var noise = parameters.VibrationNoise * (1 + 10 * state.BearingWear * relativeSpeed);

        // The sensor's Z axis points up: at rest it reads +1 g. Imbalance is radial (X/Y), the defect
        // impulses excite all three axes.
        accel[0] = imbalance * Math.Cos(shaftAngle) + defect + _noise.Next(noise);
        accel[1] = imbalance * Math.Sin(shaftAngle) + 0.7 * defect + _noise.Next(noise);
        accel[2] = StandardGravity + 0.4 * defect + _noise.Next(noise);

        // The housing rocks slightly on its mounts at the same frequencies.
        var rock = 0.02 * (imbalance + Math.Abs(defect)) / StandardGravity;
        gyro[0] = rock * Math.Sin(shaftAngle) + _noise.Next(0.002);
        gyro[1] = rock * Math.Cos(shaftAngle) + _noise.Next(0.002);
        gyro[2] = _noise.Next(0.002);
    }
}
