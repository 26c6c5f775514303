using System.Text;

namespace EdgeTwin.OpcUa.Generator;

internal static class AttributeIdWriter
{
    public static string Generate(string path)
    {
        var rows = File.ReadLines(path).Select(Csv.Split).Where(p => p.Length >= 2 && uint.TryParse(p[1], out _)).ToList();
        var sb = new StringBuilder(Header.Text);
        sb.Append("namespace EdgeTwin.OpcUa.Types;\n\n/// <summary>Attribute ids of OPC 10000-6 §A.1.</summary>\npublic static class AttributeIds\n{\n");
        foreach (var r in rows)
        {
            sb.Append("    public const uint ").Append(r[0]).Append(" = ").Append(r[1]).Append(";\n");
        }

        sb.Append("\n    public const uint Max = ").Append(rows.Max(r => uint.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture))).Append(";\n");
        sb.Append("\n    public static string? NameOf(uint id) => id switch\n    {\n");
        foreach (var r in rows)
        {
            sb.Append("        ").Append(r[1]).Append(" => \"").Append(r[0]).Append("\",\n");
        }

        sb.Append("        _ => null,\n    };\n}\n");
        return sb.ToString();
    }
}
