namespace EdgeTwin.OpcUa.Generator;

internal static class Csv
{
    /// <summary>Splits one line of the Foundation's CSV files (quotes only around the last column).</summary>
    public static string[] Split(string line)
    {
        var parts = new List<string>();
        var i = 0;
        while (i <= line.Length)
        {
            if (i < line.Length && line[i] == '"')
            {
                var end = line.IndexOf('"', i + 1);
                parts.Add(line[(i + 1)..end]);
                i = end + 2;
                continue;
            }

            var comma = line.IndexOf(',', i);
            if (comma < 0)
            {
                parts.Add(line[i..]);
                break;
            }

            parts.Add(line[i..comma]);
            i = comma + 1;
        }

        return [.. parts];
    }
}
