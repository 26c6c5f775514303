using System.Text;

namespace EdgeTwin.OpcUa.Generator;

internal static class NodeIdWriter
{
    public static string Generate(NodeIdTable table)
    {
        var sb = new StringBuilder(Header.Text);
        sb.Append("namespace EdgeTwin.OpcUa.Types;\n");
        // Instance declarations inside type definitions ("...Type_Child") are left out: the stack never
        // refers to them, and all 12,000 ids would only slow the build.
        foreach (var group in table.Entries.Where(Keep).GroupBy(e => e.NodeClass).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("\n/// <summary>Numeric ids of the namespace-0 ").Append(group.Key).Append(" nodes (NodeIds.csv).</summary>\n");
            sb.Append("public static class ").Append(group.Key).Append("Ids\n{\n");
            foreach (var e in group)
            {
                sb.Append("    public const uint ").Append(e.Name).Append(" = ").Append(e.Id).Append(";\n");
            }

            sb.Append("}\n");
        }

        return sb.ToString();
    }

    private static bool Keep(NodeIdEntry e) =>
        e.NodeClass is "DataType" or "ReferenceType" or "ObjectType" or "VariableType" ||
        e.Name.Contains("_Encoding_", StringComparison.Ordinal) ||
        !e.Name.Contains("Type_", StringComparison.Ordinal);
}
