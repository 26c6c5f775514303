using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Types;
using EdgeTwin.Service.Composition;

namespace EdgeTwin.Service.OpcUa;

/// <summary>
/// <c>Actuators/&lt;name&gt;</c>: a writable <c>Setpoint</c> (range-checked against the actuator's limits, read back
/// from the twin channel that records every value written), <c>SafeValue</c>, <c>SafeStateActive</c>, and the
/// methods <c>SetSafeState</c> (write the safe value and hold it: setpoint writes are refused with
/// Bad_InvalidState) and <c>Release</c> (accept setpoint writes again).
/// </summary>
internal sealed class ActuatorNodes
{
    private readonly ActuatorBinding _binding;

    // Held while checking the safe-state flag and writing, so no setpoint slips in after SetSafeState.
    private readonly Lock _gate = new();
    private bool _safeStateHeld;
    private DateTime _safeStateChanged = DateTime.UtcNow;

    private ActuatorNodes(ActuatorBinding binding) => _binding = binding;

    /// <param name="writeRole">Role needed to write and call; null lets anyone, anonymous included.</param>
    public static ActuatorNodes Add(ServerAddressSpace space, NodeId actuatorsFolder, Gateway gateway, ActuatorBinding binding, string? writeRole)
    {
        var nodes = new ActuatorNodes(binding);
        var actuator = binding.Actuator;
        var obj = space.AddObject(actuatorsFolder, binding.Name);
        var readBack = new ChannelValue(gateway.Twin, binding.Channel);
        ValueNodes.AddMeasurement(space, obj.NodeId, "Setpoint", actuator.Unit, actuator.Minimum, actuator.Maximum, new VariableOptions
        {
            Writable = true,
            WriteRole = writeRole,
            Source = readBack.Read,
            OnWrite = nodes.WriteSetpoint,
            Description = "Commanded value, " + actuator.Minimum + "–" + actuator.Maximum + " " + actuator.Unit + "; reads back the twin channel " + gateway.Channels[binding.Channel].TwinPath,
        });
        space.AddProperty(obj.NodeId, "SafeValue", DataTypeIds.Double, new Variant(binding.SafeValue));
        space.AddVariable(obj.NodeId, "SafeStateActive", DataTypeIds.Boolean, new Variant(false), new VariableOptions
        {
            Source = nodes.ReadSafeState,
            Description = "True after SetSafeState until Release; setpoint writes are refused meanwhile",
        });
        space.AddMethod(obj.NodeId, "SetSafeState", [], [], nodes.SetSafeState, writeRole);
        space.AddMethod(obj.NodeId, "Release", [], [], nodes.Release, writeRole);
        return nodes;
    }

    private DataValue ReadSafeState()
    {
        lock (_gate)
        {
            return new DataValue(new Variant(_safeStateHeld), StatusCode.Good, _safeStateChanged);
        }
    }

    private StatusCode WriteSetpoint(UserIdentity user, VariableNode node, DataValue value)
    {
        var v = value.Value.AsDouble;
        if (!double.IsFinite(v) || v < _binding.Actuator.Minimum || v > _binding.Actuator.Maximum)
        {
            return StatusCodes.BadOutOfRange;
        }

        lock (_gate)
        {
            if (_safeStateHeld)
            {
                return StatusCodes.BadInvalidState;
            }

            _binding.Write(v);
        }

        return StatusCode.Good;
    }

    private StatusCode SetSafeState(MethodCallContext context, ReadOnlySpan<Variant> inputs, Span<Variant> outputs)
    {
        lock (_gate)
        {
            _safeStateHeld = true;
            _safeStateChanged = DateTime.UtcNow;
            _binding.ApplySafeState();
        }

        return StatusCode.Good;
    }

    private StatusCode Release(MethodCallContext context, ReadOnlySpan<Variant> inputs, Span<Variant> outputs)
    {
        lock (_gate)
        {
            _safeStateHeld = false;
            _safeStateChanged = DateTime.UtcNow;
        }

        return StatusCode.Good;
    }
}
