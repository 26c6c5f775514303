namespace EdgeTwin.Drivers.Samples;

/// <summary>
/// Assigns dense integer ids to channels at configuration time, so the sample path indexes arrays instead
/// of hashing strings. Ids are stable for one configuration; twin paths are the stable external names.
/// </summary>
public sealed class ChannelMap
{
    private readonly List<ChannelInfo> _channels = [];
    private readonly Dictionary<string, int> _byPath = new(StringComparer.Ordinal);

    public int Count => _channels.Count;

    public IReadOnlyList<ChannelInfo> Channels => _channels;

    public int Add(string twinPath, string unit, string device, string channel)
    {
        if (_byPath.ContainsKey(twinPath))
        {
            throw new ArgumentException($"twin path '{twinPath}' is used twice", nameof(twinPath));
        }

        var id = _channels.Count;
        _channels.Add(new ChannelInfo(id, twinPath, unit, device, channel));
        _byPath.Add(twinPath, id);
        return id;
    }

    public bool TryGetId(string twinPath, out int id) => _byPath.TryGetValue(twinPath, out id);

    public ChannelInfo this[int id] => _channels[id];
}

/// <summary>What a channel id stands for.</summary>
public sealed record ChannelInfo(int Id, string TwinPath, string Unit, string Device, string Channel);
