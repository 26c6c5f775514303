using System.Text;

namespace EdgeTwin.OpcUa.Generator;

internal static class StatusCodeWriter
{
    public static string Generate(string path)
    {
        var rows = File.ReadLines(path).Select(Csv.Split).Where(p => p.Length >= 2 && p[1].StartsWith("0x", StringComparison.Ordinal)).ToList();
        var sb = new StringBuilder(Header.Text);
        sb.Append("namespace EdgeTwin.OpcUa.Types;\n\n");
        sb.Append("/// <summary>Every status code of OPC 10000-4 §7.39 / StatusCode.csv.</summary>\n");
        sb.Append("public static partial class StatusCodes\n{\n");
        foreach (var r in rows)
        {
            sb.Append("    /// <summary>").Append(System.Security.SecurityElement.Escape(r.Length > 2 ? r[2] : r[0])).Append("</summary>\n");
            sb.Append("    public const uint ").Append(r[0]).Append(" = ").Append(r[1]).Append(";\n");
        }

        sb.Append("\n    public static string? NameOf(uint code) => code switch\n    {\n");
        foreach (var r in rows)
        {
            sb.Append("        ").Append(r[1]).Append(" => \"").Append(r[0]).Append("\",\n");
        }

        sb.Append("        _ => null,\n    };\n}\n");
        return sb.ToString();
    }
}
