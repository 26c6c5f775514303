namespace EdgeTwin.Sync.Derived;

/// <summary>
/// The sensor's attitude as a unit quaternion (W, X, Y, Z) rotating sensor-frame vectors into the earth frame
/// (z up).
/// </summary>
public readonly record struct Orientation(double W, double X, double Y, double Z)
{
    public static readonly Orientation Identity = new(1, 0, 0, 0);

    /// <summary>Angle between the sensor's z axis and the vertical, degrees (0 = level, 90 = on its side).</summary>
    public double TiltDegrees => Math.Acos(Math.Clamp(1 - (2 * ((X * X) + (Y * Y))), -1, 1)) * 180 / Math.PI;

    /// <summary>Heading about the vertical axis, degrees in (−180, 180]; drifts without a magnetometer.</summary>
    public double YawDegrees => Math.Atan2(2 * ((W * Z) + (X * Y)), 1 - (2 * ((Y * Y) + (Z * Z)))) * 180 / Math.PI;
}
