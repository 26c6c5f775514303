using System.Globalization;

namespace EdgeTwin.Drivers.Linux.Serial;

/// <summary>Why a line from a serial IMU was rejected.</summary>
public enum ImuLineError
{
    None,
    /// <summary>Fewer than six comma-separated fields.</summary>
    TooFewFields,
    /// <summary>More fields than <see cref="ImuLineParser.MaxFields"/>.</summary>
    TooManyFields,
    /// <summary>A field is not a decimal number.</summary>
    NotANumber,
    /// <summary>A field parsed to NaN or infinity.</summary>
    NotFinite,
    /// <summary>The line exceeded the framer's maximum length and was dropped.</summary>
    TooLong,
}

/// <summary>
/// Parses "ax,ay,az,gx,gy,gz" lines (accelerometer then gyroscope, the serial IMU of the seed documents, which
/// reads the first six comma-separated floats of a line). Extra trailing fields (a temperature, a counter) are
/// allowed up to <see cref="MaxFields"/> and ignored. Invariant culture; no allocation.
/// </summary>
public static class ImuLineParser
{
    public const int AxisCount = 6;
    public const int MaxFields = 16;

    public static ImuLineError TryParse(ReadOnlySpan<byte> line, Span<double> values)
    {
        if (values.Length < AxisCount)
        {
            throw new ArgumentException($"destination must hold {AxisCount} values", nameof(values));
        }

        // Parse into a scratch copy: a line that fails half-way must not leave half-new values in the caller's buffer.
        Span<double> parsed = stackalloc double[AxisCount];
        var field = 0;
        var rest = line;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var token = comma < 0 ? rest : rest[..comma];
            if (field >= MaxFields)
            {
                return ImuLineError.TooManyFields;
            }

            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return ImuLineError.NotANumber;
            }

            if (!double.IsFinite(value))
            {
                return ImuLineError.NotFinite;
            }

            if (field < AxisCount)
            {
                parsed[field] = value;
            }

            field++;
            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        if (field < AxisCount)
        {
            return ImuLineError.TooFewFields;
        }

        parsed.CopyTo(values);
        return ImuLineError.None;
    }
}
