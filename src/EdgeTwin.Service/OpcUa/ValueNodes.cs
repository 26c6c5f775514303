using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Types;
using Range = EdgeTwin.OpcUa.Types.Range;

namespace EdgeTwin.Service.OpcUa;

/// <summary>Adds a measured value: an AnalogItemType when its range is known, otherwise a plain Double variable.</summary>
internal static class ValueNodes
{
    public static VariableNode AddMeasurement(ServerAddressSpace space, NodeId parent, string name, string unit, double min, double max, VariableOptions options)
    {
        var units = EngineeringUnits.For(unit);
        if (double.IsFinite(min) && double.IsFinite(max))
        {
            // OPC 10000-8 §5.3.2.2: EURange is what percent deadbands are computed against.
            return space.AddAnalogItem(parent, name, new Range { Low = min, High = max }, units, options);
        }

        var node = space.AddVariable(parent, name, DataTypeIds.Double, Variant.Null, options);
        if (units is not null)
        {
            space.AddProperty(node.NodeId, "EngineeringUnits", DataTypeIds.EUInformation, new Variant(new ExtensionObject(units)));
        }

        return node;
    }

    /// <summary>The id <see cref="ServerAddressSpace"/> gives a child: the parent's path, '/', the name.</summary>
    public static NodeId ChildId(NodeId parent, string name) =>
        new((parent.StringId is { } p ? p + "/" : string.Empty) + name, ServerAddressSpace.ApplicationNamespace);
}
