namespace EdgeTwin.Drivers.Devices.Temperature.Max31865;

/// <summary>
/// The platinum RTD curve of IEC 60751: R(T) = R0·(1 + A·T + B·T²) for T ≥ 0 °C and
/// R0·(1 + A·T + B·T² + C·(T − 100)·T³) below, with the standard's coefficients.
/// </summary>
public static class CallendarVanDusen
{
    public const double A = 3.9083e-3;
    public const double B = -5.775e-7;
    public const double C = -4.183e-12;

    public static double Resistance(double celsius, double r0)
    {
        var r = 1 + A * celsius + B * celsius * celsius;
        if (celsius < 0)
        {
            r += C * (celsius - 100) * celsius * celsius * celsius;
        }

        return r0 * r;
    }

    /// <summary>
    /// Temperature for a resistance: the closed-form root of the quadratic at and above 0 °C, Newton's method on
    /// the full equation below (the quadratic root is its starting point; four steps reach 1e-9 °C at −200 °C).
    /// </summary>
    public static double Temperature(double ohms, double r0)
    {
        var ratio = ohms / r0;
        var t = (-A + Math.Sqrt(A * A - 4 * B * (1 - ratio))) / (2 * B);
        if (ratio >= 1 || double.IsNaN(t))
        {
            return t;
        }

        for (var i = 0; i < 8; i++)
        {
            var f = 1 + A * t + B * t * t + C * (t - 100) * t * t * t - ratio;
            var slope = A + 2 * B * t + C * (4 * t * t * t - 300 * t * t);
            var step = f / slope;
            t -= step;
            if (Math.Abs(step) < 1e-9)
            {
                break;
            }
        }

        return t;
    }
}
