using EdgeTwin.Sparkplug;

namespace EdgeTwin.Service.Configuration;

/// <summary>Reads <c>Uplink:Sparkplug</c>: the group, edge node and optional primary host ids (Sparkplug B 3.0 §4.1.1.2).</summary>
internal static class SparkplugSection
{
    public static SparkplugSettings? Read(ConfigNode? node, string gatewayName)
    {
        if (node is null)
        {
            return null;
        }

        var group = node.String("GroupId", required: true);
        var edgeNode = node.String("EdgeNodeId") ?? gatewayName;
        var host = node.String("PrimaryHostId");
        node.RejectUnknownKeys();
        foreach (var (key, id) in new[] { ("GroupId", group), ("EdgeNodeId", edgeNode), ("PrimaryHostId", host) })
        {
            if (id is not null && !SparkplugTopic.IsValidId(id))
            {
                node.Error(key, $"must be a Sparkplug id: non-empty, without '/', '+' or '#', got '{id}'");
            }
        }

        return new SparkplugSettings(group ?? "", edgeNode, host);
    }
}
