namespace EdgeTwin.OpcUa.Generator;

internal sealed record NodeIdEntry(string Name, uint Id, string NodeClass);

internal sealed class NodeIdTable
{
    private NodeIdTable(List<NodeIdEntry> entries)
    {
        Entries = entries;
        ByName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public List<NodeIdEntry> Entries { get; }
    public Dictionary<string, NodeIdEntry> ByName { get; }

    public static NodeIdTable Load(string path)
    {
        var entries = new List<NodeIdEntry>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = Csv.Split(line);
            if (parts.Length >= 3 && uint.TryParse(parts[1], out var id))
            {
                entries.Add(new NodeIdEntry(parts[0], id, parts[2]));
            }
        }

        return new NodeIdTable(entries);
    }
}
