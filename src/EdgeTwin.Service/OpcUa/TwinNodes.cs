using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.Service.Composition;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// <c>Devices/&lt;device&gt;/&lt;channel&gt;</c> and <c>Twin/&lt;twin path&gt;</c>: every twin channel, read from
/// <see cref="Sync.Twin.TwinState"/> when a client reads or the server's sampling groups sample (never pushed
/// per sample). A channel appears in both trees; both read the same twin slot.
/// </summary>
internal static class TwinNodes
{
    public static void AddDevices(ServerAddressSpace space, NodeId gatewayFolder, Gateway gateway)
    {
        var devices = space.AddFolder(gatewayFolder, "Devices");
        foreach (var device in gateway.Config.Devices)
        {
            var folder = space.AddFolder(devices.NodeId, device.Name);
            foreach (var channel in device.Channels)
            {
                if (!gateway.Channels.TryGetId(channel.TwinPath, out var id))
                {
                    continue;
                }

                var source = new ChannelValue(gateway.Twin, id);
                ValueNodes.AddMeasurement(space, folder.NodeId, channel.Name, channel.Unit, channel.Min, channel.Max, new VariableOptions
                {
                    Source = source.Read,
                    Description = "twin path " + channel.TwinPath,
                    MinimumSamplingInterval = 1000 / device.RateHz,
                });
            }
        }
    }

    /// <summary>Adds the Twin tree; returns the twin paths that could not be mapped (a path that is also another's folder).</summary>
    public static IReadOnlyList<string> AddTwin(ServerAddressSpace space, NodeId gatewayFolder, Gateway gateway)
    {
        var ranges = Ranges(gateway);
        var root = space.AddFolder(gatewayFolder, "Twin");
        var skipped = new List<string>();
        foreach (var channel in gateway.Channels.Channels)
        {
            var parts = channel.TwinPath.Split('/');
            var parent = root.NodeId;
            var blocked = false;
            foreach (var part in parts.AsSpan(0, parts.Length - 1))
            {
                var id = ValueNodes.ChildId(parent, part);
                switch (space.Find(id))
                {
                    case null:
                        parent = space.AddFolder(parent, part).NodeId;
                        break;
                    case ObjectNode folder:
                        parent = folder.NodeId;
                        break;
                    default:
                        blocked = true;
                        break;
                }

                if (blocked)
                {
                    break;
                }
            }

            if (blocked || space.Find(ValueNodes.ChildId(parent, parts[^1])) is not null)
            {
                skipped.Add(channel.TwinPath);
                continue;
            }

            var (min, max, period) = ranges.TryGetValue(channel.TwinPath, out var r) ? r : (double.NaN, double.NaN, 0);
            ValueNodes.AddMeasurement(space, parent, parts[^1], channel.Unit, min, max, new VariableOptions
            {
                Source = new ChannelValue(gateway.Twin, channel.Id).Read,
                Description = channel.Device + "/" + channel.Channel,
                MinimumSamplingInterval = period,
            });
        }

        return skipped;
    }

    private static Dictionary<string, (double Min, double Max, double PeriodMs)> Ranges(Gateway gateway)
    {
        var ranges = new Dictionary<string, (double, double, double)>(StringComparer.Ordinal);
        foreach (var device in gateway.Config.Devices)
        {
            foreach (var channel in device.Channels)
            {
                ranges[channel.TwinPath] = (channel.Min, channel.Max, 1000 / device.RateHz);
            }
        }

        foreach (var actuator in gateway.Actuators.Values)
        {
            ranges[gateway.Channels[actuator.Channel].TwinPath] = (actuator.Actuator.Minimum, actuator.Actuator.Maximum, 0);
        }

        return ranges;
    }
}
