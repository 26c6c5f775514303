using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Types;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// The twin's unit names as EUInformation (OPC 10000-8 §5.6.3): UNECE Recommendation 20 common codes, with
/// UnitId computed from the code as §5.6.3 prescribes. A unit without a code keeps its name and UnitId -1.
/// </summary>
internal static class EngineeringUnits
{
    public const string UneceNamespace = "http://www.opcfoundation.org/UA/units/un/cefact";

    private static readonly Dictionary<string, (string Code, string Symbol, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["degC"] = ("CEL", "°C", "degree Celsius"),
        ["degF"] = ("FAH", "°F", "degree Fahrenheit"),
        ["K"] = ("KEL", "K", "kelvin"),
        ["m/s2"] = ("MSK", "m/s²", "metre per second squared"),
        ["g"] = ("K40", "gn", "standard acceleration of free fall"),
        ["rad/s"] = ("2A", "rad/s", "radian per second"),
        ["deg/s"] = ("E96", "°/s", "degree per second"),
        ["rad"] = ("C81", "rad", "radian"),
        ["deg"] = ("DD", "°", "degree"),
        ["rpm"] = ("RPM", "r/min", "revolutions per minute"),
        ["rev/s"] = ("RPS", "r/s", "revolutions per second"),
        ["Pa"] = ("PAL", "Pa", "pascal"),
        ["hPa"] = ("A97", "hPa", "hectopascal"),
        ["%"] = ("P1", "%", "percent"),
        ["ohm"] = ("OHM", "Ω", "ohm"),
        ["V"] = ("VLT", "V", "volt"),
        ["A"] = ("AMP", "A", "ampere"),
        ["m"] = ("MTR", "m", "metre"),
        ["mm"] = ("MMT", "mm", "millimetre"),
        ["s"] = ("SEC", "s", "second"),
        ["Hz"] = ("HTZ", "Hz", "hertz"),
    };

    /// <summary>The EUInformation for <paramref name="unit"/>, or null for a dimensionless or boolean value.</summary>
    public static EUInformation? For(string unit)
    {
        if (string.IsNullOrEmpty(unit) || unit is "bool" or "count" or "counts" or "1")
        {
            return null;
        }

        if (Known.TryGetValue(unit, out var u))
        {
            return new EUInformation { NamespaceUri = UneceNamespace, UnitId = UnitId(u.Code), DisplayName = new LocalizedText(u.Symbol), Description = new LocalizedText(u.Description) };
        }

        return new EUInformation { NamespaceUri = UneceNamespace, UnitId = -1, DisplayName = new LocalizedText(unit), Description = new LocalizedText(unit) };
    }

    /// <summary>OPC 10000-8 §5.6.3: the code's characters, at most three, packed big-endian into an Int32.</summary>
    public static int UnitId(string code)
    {
        var id = 0;
        foreach (var c in code)
        {
            id = (id << 8) | c;
        }

        return id;
    }
}
