using System.Globalization;

namespace EdgeTwin.OpcUa.Benchmarks;

/// <summary>The results table: one row per figure, both servers side by side and how many times better ours is.</summary>
internal sealed class Report
{
    private readonly List<(string Name, double Ours, double Node, bool HigherIsBetter)> _rows = [];

    public void Add(string name, double ours, double node, bool higherIsBetter)
    {
        _rows.Add((name, ours, node, higherIsBetter));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: EdgeTwin.OpcUa {ours:0.##}, node-opcua-server {node:0.##}"));
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| figure | EdgeTwin.OpcUa | node-opcua-server | ratio (× better) |");
        output.WriteLine("|---|---|---|---|");
        foreach (var (name, ours, node, higher) in _rows)
        {
            var ratio = higher ? ours / node : node / ours;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name.Trim()} | {Format(ours)} | {Format(node)} | {(double.IsFinite(ratio) ? ratio.ToString("0.#", CultureInfo.InvariantCulture) : "n/a")} |"));
        }
    }

    private static string Format(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
