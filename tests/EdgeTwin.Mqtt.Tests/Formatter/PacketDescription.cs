using System.Collections;
using System.Reflection;
using System.Text;

namespace EdgeTwin.Mqtt.Tests.Formatter;

/// <summary>
/// A canonical text form of a packet — every public property, byte memories as hex, lists element by element —
/// so two packets compare field for field although records compare memories and lists by reference.
/// </summary>
internal static class PacketDescription
{
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Append(text, value, 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case ReadOnlyMemory<byte> memory:
                text.Append("0x").Append(Convert.ToHexString(memory.Span));
                return;
            case Enum or bool or byte or ushort or uint or int or long:
                text.Append(value);
                return;
            case IEnumerable list:
                text.Append('[');
                foreach (var item in list)
                {
                    Append(text, item, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        if (depth > 5)
        {
            throw new InvalidOperationException("Packet nesting is deeper than expected.");
        }

        text.Append(value.GetType().Name).Append('{');
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            text.Append(property.Name).Append('=');
            Append(text, property.GetValue(value), depth + 1);
            text.Append(';');
        }

        text.Append('}');
    }
}
