namespace EdgeTwin.Service.Configuration;

/// <summary>The derived states other than the encoder's (those stay in <see cref="GatewayConfig.Encoders"/>).</summary>
public sealed record DerivedSettings(
    IReadOnlyList<OrientationSettings> Orientations,
    IReadOnlyList<VibrationSettings> Vibrations,
    IReadOnlyList<TemperatureTrendSettings> TemperatureTrends)
{
    public static DerivedSettings None { get; } = new([], [], []);

    public int Count => Orientations.Count + Vibrations.Count + TemperatureTrends.Count;
}

/// <summary>
/// IMU orientation: <c>Accelerometer</c> and <c>Gyroscope</c> are twin path prefixes of channels <c>/x /y /z</c>;
/// the quaternion goes to <c>Quaternion/w … /z</c>, the tilt (degrees) to <c>Tilt</c>.
/// </summary>
public sealed record OrientationSettings(string Name, string Accelerometer, string Gyroscope, double Beta, string QuaternionPath, string TiltPath, double OutputRateHz)
{
    public static readonly string[] Axes = ["x", "y", "z"];

    public static readonly string[] QuaternionComponents = ["w", "x", "y", "z"];

    public IEnumerable<string> AccelerometerPaths => Axes.Select(a => $"{Accelerometer}/{a}");

    public IEnumerable<string> GyroscopePaths => Axes.Select(a => $"{Gyroscope}/{a}");

    public IEnumerable<string> QuaternionPaths => QuaternionComponents.Select(c => $"{QuaternionPath}/{c}");
}

/// <summary>Vibration RMS, peak and crest factor of one channel over a window.</summary>
public sealed record VibrationSettings(string Name, string Source, TimeSpan Window, string RmsPath, string PeakPath, string CrestFactorPath, double OutputRateHz);

/// <summary>A temperature's rate of change in °C/min, the slope over a window.</summary>
public sealed record TemperatureTrendSettings(string Name, string Source, TimeSpan Window, string RatePath, double OutputRateHz);
