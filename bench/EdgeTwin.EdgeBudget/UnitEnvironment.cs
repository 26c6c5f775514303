using System.Text;

/// <summary>
/// The variables a systemd unit's <c>Environment=</c> lines set (systemd.exec(5), "Environment="): space-separated
/// assignments, each optionally in double or single quotes; an empty <c>Environment=</c> resets the list; later
/// assignments of a variable win. Enough of the syntax for the gateway's own unit, which the bench reads so that it
/// measures the gateway as deployed.
/// </summary>
internal static class UnitEnvironment
{
    public static IReadOnlyDictionary<string, string> Read(string unitPath)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(unitPath))
        {
            throw new FileNotFoundException($"systemd unit {unitPath} not found: the bench measures the gateway with its environment", unitPath);
        }

        var inService = false;
        foreach (var raw in File.ReadLines(unitPath))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inService = line == "[Service]";
                continue;
            }

            const string Key = "Environment=";
            if (!inService || !line.StartsWith(Key, StringComparison.Ordinal))
            {
                continue;
            }

            var assignments = Split(line[Key.Length..]);
            if (assignments.Count == 0)
            {
                variables.Clear();
            }

            foreach (var assignment in assignments)
            {
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    variables[assignment[..eq]] = assignment[(eq + 1)..];
                }
            }
        }

        return variables;
    }

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
