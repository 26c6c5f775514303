using EdgeTwin.OpcUa.AddressSpace;

namespace EdgeTwin.OpcUa.Tests.Nodes;

/// <summary>
/// Variables and references are read without locks while the application writes them: readers must never see a
/// value torn between two writes, nor a reference list with holes or duplicates.
/// </summary>
public class NodeConcurrencyTests
{
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Readers_see_whole_values_while_two_writers_store_them()
    {
        // Every stored value is self-consistent: value k, status k, both timestamps Epoch + k ticks.
        var node = new VariableNode(new NodeId("v", 1), new QualifiedName(1, "v"), new LocalizedText(null, "v"));
        node.SetValue(Stored(0));
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            for (var k = 1 + w; !stop.IsCancellationRequested; k += 2)
            {
                node.SetValue(Stored(k & 0xFFFFF));
            }
        })).ToList();
        writers.ForEach(t => t.Start());

        var torn = 0;
        var lastVersion = node.Version;
        var versionWentBack = false;
        for (var i = 0; i < 2_000_000; i++)
        {
            var v = node.GetValue();
            var k = (long)v.Value.AsDouble;
            if (v.Status.Code != (uint)k || v.SourceTimestamp.Ticks - Epoch.Ticks != k || v.ServerTimestamp != v.SourceTimestamp)
            {
                torn++;
            }

            var version = node.Version;
            versionWentBack |= version - lastVersion < 0;
            lastVersion = version;
        }

        stop.Cancel();
        Assert.All(writers, t => Assert.True(t.Join(TimeSpan.FromSeconds(30))));
        Assert.Equal(0, torn);
        Assert.False(versionWentBack);
        Assert.True(lastVersion > 0);
    }

    [Fact]
    public void References_appear_whole_and_once_while_children_are_added()
    {
        var folder = new ObjectNode(new NodeId("f", 1), new QualifiedName(1, "f"), new LocalizedText(null, "f"));
        const int children = 20_000;
        var writer = new Thread(() =>
        {
            for (var i = 0; i < children; i++)
            {
                var entry = new ReferenceEntry(new NodeId(47u), false, new NodeId(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), 1));
                folder.AddReference(entry);
                folder.AddReference(entry); // a duplicate is ignored
            }
        });
        writer.Start();

        var bad = 0;
        while (writer.IsAlive)
        {
            var seen = folder.References;
            for (var i = 0; i < seen.Length; i++)
            {
                if (seen[i].TargetId.StringId != i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))
                {
                    bad++;
                }
            }
        }

        Assert.True(writer.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, bad);
        Assert.Equal(children, folder.References.Length);
    }

    private static DataValue Stored(long k) =>
        new(new Variant((double)k), new StatusCode((uint)k), Epoch.AddTicks(k), Epoch.AddTicks(k));
}
