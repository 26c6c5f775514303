namespace EdgeTwin.Sparkplug;

/// <summary>
/// Topic names, Sparkplug B 3.0 §4.1: <c>spBv1.0/&lt;group_id&gt;/&lt;message_type&gt;/&lt;edge_node_id&gt;[/&lt;device_id&gt;]</c>
/// and <c>spBv1.0/STATE/&lt;host_id&gt;</c> (§4.2). Ids are UTF-8 without '/', '+' or '#' (§4.1.1.2).
/// </summary>
public readonly record struct SparkplugTopic(string GroupId, SparkplugMessageType Type, string EdgeNodeId, string? DeviceId = null)
{
    public const string Namespace = "spBv1.0";

    public override string ToString() =>
        DeviceId is null ? $"{Namespace}/{GroupId}/{Type}/{EdgeNodeId}" : $"{Namespace}/{GroupId}/{Type}/{EdgeNodeId}/{DeviceId}";

    public static string State(string hostId) => $"{Namespace}/STATE/{hostId}";

    /// <summary>True if <paramref name="id"/> may be a group, edge node, device or host id.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.AsSpan().IndexOfAny('/', '+', '#') < 0 && !id.Contains('\0', StringComparison.Ordinal);

    /// <summary>Parses an edge node or device topic; throws <see cref="SparkplugDecodeException"/> otherwise.</summary>
    public static SparkplugTopic Parse(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var parts = topic.Split('/');
        if (parts.Length is < 4 or > 5 || parts[0] != Namespace || !Enum.TryParse<SparkplugMessageType>(parts[2], ignoreCase: false, out var type)
            || !Enum.IsDefined(type) || parts[2] != type.ToString() || !parts.Skip(1).Where((_, i) => i != 1).All(IsValidId))
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidTopic, $"'{topic}' is not a Sparkplug B edge node or device topic");
        }

        var isDevice = type is SparkplugMessageType.DBIRTH or SparkplugMessageType.DDEATH or SparkplugMessageType.DDATA or SparkplugMessageType.DCMD;
        if (isDevice != (parts.Length == 5))
        {
            throw new SparkplugDecodeException(SparkplugDecodeError.InvalidTopic, $"'{topic}': {type} {(isDevice ? "needs" : "takes no")} device id");
        }

        return new SparkplugTopic(parts[1], type, parts[3], isDevice ? parts[4] : null);
    }
}
