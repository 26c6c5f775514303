using System.Globalization;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Services;

/// <summary>
/// An IndexRange of OPC 10000-4 §7.27 for one dimension ("3" or "2:5"). Multi-dimensional ranges parse
/// but are applied only to their first dimension of one-dimensional values (others give Bad_IndexRangeNoData).
/// </summary>
internal readonly record struct NumericRange(int Low, int High, bool MultiDimensional)
{
    public static bool TryParse(string? text, out NumericRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var multi = text.Contains(',', StringComparison.Ordinal);
        var first = multi ? text[..text.IndexOf(',', StringComparison.Ordinal)] : text;
        var colon = first.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return false;
            }

            range = new NumericRange(index, index, multi);
            return true;
        }

        if (!int.TryParse(first.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var low) ||
            !int.TryParse(first.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var high) ||
            low >= high)
        {
            return false;
        }

        range = new NumericRange(low, high, multi);
        return true;
    }

    /// <summary>Applies the range to an array, string or byte string value.</summary>
    public StatusCode Apply(Variant value, out Variant result)
    {
        result = Variant.Null;
        if (MultiDimensional)
        {
            return StatusCodes.BadIndexRangeNoData;
        }

        if (value.IsArray)
        {
            var array = value.ArrayValue!;
            if (Low >= array.Length)
            {
                return StatusCodes.BadIndexRangeNoData;
            }

            var count = Math.Min(High, array.Length - 1) - Low + 1;
            var slice = Array.CreateInstance(array.GetType().GetElementType()!, count);
            Array.Copy(array, Low, slice, 0, count);
            result = new Variant(slice, value.Type);
            return StatusCode.Good;
        }

        switch (value.Reference)
        {
            case string s when value.Type == BuiltInType.String:
                if (Low >= s.Length)
                {
                    return StatusCodes.BadIndexRangeNoData;
                }

                result = new Variant(s.Substring(Low, Math.Min(High, s.Length - 1) - Low + 1));
                return StatusCode.Good;
            case byte[] b:
                if (Low >= b.Length)
                {
                    return StatusCodes.BadIndexRangeNoData;
                }

                result = new Variant(b.AsSpan(Low, Math.Min(High, b.Length - 1) - Low + 1).ToArray());
                return StatusCode.Good;
            default:
                return StatusCodes.BadIndexRangeNoData;
        }
    }
}
