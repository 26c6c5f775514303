namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// Affine conversions between a driver's native unit and the unit a channel is configured in
/// (value_out = value_in · Factor + Offset). Only conversions that are exact by definition are offered.
/// </summary>
public readonly record struct UnitConversion(double Factor, double Offset)
{
    public static readonly UnitConversion Identity = new(1, 0);

    private static readonly Dictionary<(string From, string To), UnitConversion> Known = new()
    {
        [("m/s2", "g")] = new(1 / 9.80665, 0),
        [("g", "m/s2")] = new(9.80665, 0),
        [("rad/s", "deg/s")] = new(180 / Math.PI, 0),
        [("deg/s", "rad/s")] = new(Math.PI / 180, 0),
        [("degC", "K")] = new(1, 273.15),
        [("degC", "degF")] = new(1.8, 32),
        [("K", "degC")] = new(1, -273.15),
        [("rpm", "rad/s")] = new(2 * Math.PI / 60, 0),
        [("rpm", "rev/s")] = new(1 / 60.0, 0),
        [("rev", "deg")] = new(360, 0),
        [("rev", "rad")] = new(2 * Math.PI, 0),
    };

    public bool IsIdentity => Factor == 1 && Offset == 0;

    public double Apply(double value) => value * Factor + Offset;

    public static bool TryGet(string from, string to, out UnitConversion conversion)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            conversion = Identity;
            return true;
        }

        return Known.TryGetValue((from, to), out conversion);
    }

    /// <summary>The units a native unit can be converted into, for error messages.</summary>
    public static IEnumerable<string> TargetsOf(string from) =>
        Known.Keys.Where(k => k.From == from).Select(k => k.To).Prepend(from);
}
