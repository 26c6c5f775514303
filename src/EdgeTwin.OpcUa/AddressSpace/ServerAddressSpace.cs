using EdgeTwin.OpcUa.Encoding;
using Range = EdgeTwin.OpcUa.Types.Range;

namespace EdgeTwin.OpcUa.AddressSpace;

/// <summary>Options for a variable the application adds.</summary>
public sealed class VariableOptions
{
    public bool Writable { get; init; }

    /// <summary>Role a user needs to write (null: anyone may write a writable variable, even anonymous).</summary>
    public string? WriteRole { get; init; }
    public int ValueRank { get; init; } = -1;
    public ValueSource? Source { get; init; }
    public WriteHandler? OnWrite { get; init; }
    public string? Description { get; init; }
    public double MinimumSamplingInterval { get; init; }
}

/// <summary>
/// The application's view of the address space: folders, objects, variables (stored or with a value source,
/// AnalogItemType with EURange/EngineeringUnits), methods with callbacks. Nodes get stable string NodeIds in
/// the application namespace (index 1) built from the parent's id and the browse name: "Pump/Speed".
/// </summary>
public sealed class ServerAddressSpace
{
    public const ushort ApplicationNamespace = 1;

    private readonly NodeStore _store;

    internal ServerAddressSpace(NodeStore store, string namespaceUri)
    {
        _store = store;
        NamespaceUri = namespaceUri;
    }

    public string NamespaceUri { get; }

    public static NodeId ObjectsFolder => ObjectIds.ObjectsFolder;

    public int NodeCount => _store.Count;

    public Node? Find(NodeId nodeId) => _store.Find(nodeId);

    public ObjectNode AddFolder(NodeId parent, string name) =>
        AddObject(parent, name, ObjectTypeIds.FolderType, ReferenceTypeIds.Organizes);

    public ObjectNode AddObject(NodeId parent, string name, NodeId? typeDefinition = null, NodeId? referenceType = null)
    {
        var node = _store.Add(new ObjectNode(ChildId(parent, name), new QualifiedName(ApplicationNamespace, name), new LocalizedText(name)));
        Link(parent, node, referenceType ?? DefaultReference(parent), typeDefinition ?? ObjectTypeIds.BaseObjectType);
        return node;
    }

    public VariableNode AddVariable(NodeId parent, string name, NodeId dataType, Variant initialValue, VariableOptions? options = null)
    {
        options ??= new VariableOptions();
        var node = NewVariable(ChildId(parent, name), new QualifiedName(ApplicationNamespace, name), dataType, options);
        node.SetValue(initialValue);
        Link(parent, node, ReferenceTypeIds.HasComponent, VariableTypeIds.BaseDataVariableType);
        return node;
    }

    /// <summary>An AnalogItemType variable (OPC 10000-8 §5.3.2.2) with its EURange and optional EngineeringUnits.</summary>
    public VariableNode AddAnalogItem(NodeId parent, string name, Range euRange, EUInformation? engineeringUnits = null, VariableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(euRange);
        options ??= new VariableOptions();
        var node = NewVariable(ChildId(parent, name), new QualifiedName(ApplicationNamespace, name), DataTypeIds.Double, options);
        node.SetValue(new Variant(double.NaN));
        Link(parent, node, ReferenceTypeIds.HasComponent, VariableTypeIds.AnalogItemType);
        AddProperty(node.NodeId, "EURange", DataTypeIds.Range, new Variant(new ExtensionObject(euRange)));
        if (engineeringUnits is not null)
        {
            AddProperty(node.NodeId, "EngineeringUnits", DataTypeIds.EUInformation, new Variant(new ExtensionObject(engineeringUnits)));
        }

        return node;
    }

    /// <summary>A property (HasProperty, PropertyType); its browse name is in namespace 0 as the standard ones are.</summary>
    public VariableNode AddProperty(NodeId parent, string name, NodeId dataType, Variant value, int valueRank = -1)
    {
        var node = NewVariable(ChildId(parent, name), new QualifiedName(0, name), dataType, new VariableOptions { ValueRank = valueRank });
        node.SetValue(value);
        Link(parent, node, ReferenceTypeIds.HasProperty, VariableTypeIds.PropertyType);
        return node;
    }

    /// <summary>A method with InputArguments/OutputArguments properties; the handler runs for each valid Call.</summary>
    public MethodNode AddMethod(NodeId parent, string name, Argument[] inputs, Argument[] outputs, MethodHandler handler, string? executeRole = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = _store.Add(new MethodNode(ChildId(parent, name), new QualifiedName(ApplicationNamespace, name), new LocalizedText(name))
        {
            Handler = handler,
            ExecuteRole = executeRole,
            InputArguments = inputs,
            OutputArguments = outputs,
        });
        _store.AddReference(parent, ReferenceTypeIds.HasComponent, node.NodeId);
        if (inputs.Length > 0)
        {
            AddArguments(node.NodeId, "InputArguments", inputs);
        }

        if (outputs.Length > 0)
        {
            AddArguments(node.NodeId, "OutputArguments", outputs);
        }

        return node;
    }

    private void AddArguments(NodeId method, string name, Argument[] arguments)
    {
        var values = arguments.Select(a => new ExtensionObject(a)).ToArray();
        var p = AddProperty(method, name, DataTypeIds.Argument, new Variant(values, BuiltInType.ExtensionObject), valueRank: 1);
        p.ArrayDimensions = [(uint)arguments.Length];
    }

    private VariableNode NewVariable(NodeId id, QualifiedName browseName, NodeId dataType, VariableOptions options) =>
        _store.Add(new VariableNode(id, browseName, new LocalizedText(browseName.Name))
        {
            DataType = dataType,
            ValueRank = options.ValueRank,
            AccessLevel = (byte)(AccessLevels.CurrentRead | (options.Writable ? AccessLevels.CurrentWrite : 0)),
            WriteRole = options.WriteRole,
            Source = options.Source,
            OnWrite = options.OnWrite,
            Description = options.Description is null ? LocalizedText.Null : new LocalizedText(options.Description),
            MinimumSamplingInterval = options.MinimumSamplingInterval,
        });

    private NodeId ChildId(NodeId parent, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_store.Find(parent) is null)
        {
            throw new ArgumentException("parent " + parent + " does not exist", nameof(parent));
        }

        var prefix = parent.NamespaceIndex == ApplicationNamespace && parent.StringId is { } s ? s + "/" : string.Empty;
        return new NodeId(prefix + name, ApplicationNamespace);
    }

    private NodeId DefaultReference(NodeId parent) =>
        _store.Find(parent) is ObjectNode { } p && p.TypeDefinition == ObjectTypeIds.FolderType ? ReferenceTypeIds.Organizes : ReferenceTypeIds.HasComponent;

    private void Link(NodeId parent, Node node, NodeId referenceType, NodeId typeDefinition)
    {
        _store.AddReference(parent, referenceType, node.NodeId);
        _store.AddReference(node.NodeId, ReferenceTypeIds.HasTypeDefinition, typeDefinition);
    }
}
