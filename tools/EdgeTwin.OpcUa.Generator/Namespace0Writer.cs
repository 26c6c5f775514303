using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace EdgeTwin.OpcUa.Generator;

/// <summary>
/// Picks a reduced namespace 0 from Opc.Ua.NodeSet2.xml (the size of open62541's reduced set: what a generic
/// client needs) and writes it as C# that fills the node store: the reference type hierarchy, the base data,
/// object and variable types, the standard folders, the Server object with ServerStatus, NamespaceArray,
/// ServerCapabilities/OperationLimits, and the OPC Binary type system node.
/// </summary>
internal static class Namespace0Writer
{
    private static readonly XNamespace Ua = "http://opcfoundation.org/UA/2011/03/UANodeSet.xsd";
    private static readonly XNamespace Types = "http://opcfoundation.org/UA/2008/02/Types.xsd";

    private static readonly string[] DataTypes =
    [
        "BaseDataType", "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double",
        "String", "DateTime", "Guid", "ByteString", "XmlElement", "NodeId", "ExpandedNodeId", "StatusCode", "QualifiedName",
        "LocalizedText", "Structure", "DataValue", "DiagnosticInfo", "Number", "Integer", "UInteger", "Enumeration", "Decimal",
        "Duration", "UtcTime", "LocaleId", "IdType", "NodeClass", "ServerState", "BuildInfo", "ServerStatusDataType", "Range",
        "EUInformation", "Argument", "EnumValueType", "RedundancySupport", "TimeZoneDataType", "Image",
    ];

    private static readonly string[] ObjectTypes =
    [
        "BaseObjectType", "FolderType", "ServerType", "ServerCapabilitiesType", "ServerDiagnosticsType", "VendorServerInfoType",
        "ServerRedundancyType", "OperationLimitsType", "ModellingRuleType", "DataTypeSystemType", "DataTypeEncodingType",
    ];

    private static readonly string[] VariableTypes =
    [
        "BaseVariableType", "BaseDataVariableType", "PropertyType", "DataItemType", "BaseAnalogType", "AnalogItemType",
        "ServerStatusType", "BuildInfoType",
    ];

    /// <summary>Types whose property declarations are part of the set (clients browse them for EURange etc.).</summary>
    private static readonly string[] TypesWithChildren = ["DataItemType", "BaseAnalogType", "AnalogItemType"];

    private static readonly string[] Instances =
    [
        "RootFolder", "ObjectsFolder", "TypesFolder", "ViewsFolder", "ObjectTypesFolder", "VariableTypesFolder", "DataTypesFolder",
        "ReferenceTypesFolder", "XmlSchema_TypeSystem", "OPCBinarySchema_TypeSystem", "ModellingRule_Mandatory", "ModellingRule_Optional",
        "Server", "Server_ServerArray", "Server_NamespaceArray", "Server_ServiceLevel", "Server_Auditing", "Server_ServerDiagnostics",
        "Server_ServerDiagnostics_EnabledFlag", "Server_VendorServerInfo", "Server_ServerRedundancy", "Server_ServerRedundancy_RedundancySupport",
        "Server_ServerCapabilities", "Server_ServerCapabilities_ServerProfileArray", "Server_ServerCapabilities_LocaleIdArray",
        "Server_ServerCapabilities_MinSupportedSampleRate", "Server_ServerCapabilities_MaxBrowseContinuationPoints",
        "Server_ServerCapabilities_MaxQueryContinuationPoints", "Server_ServerCapabilities_MaxHistoryContinuationPoints",
        "Server_ServerCapabilities_SoftwareCertificates", "Server_ServerCapabilities_MaxArrayLength", "Server_ServerCapabilities_MaxStringLength",
        "Server_ServerCapabilities_MaxByteStringLength", "Server_ServerCapabilities_OperationLimits", "Server_ServerCapabilities_ModellingRules",
        "Server_ServerCapabilities_AggregateFunctions",
    ];

    private static readonly string[] InstancePrefixes = ["Server_ServerStatus", "Server_ServerCapabilities_OperationLimits_"];

    private sealed record RawNode(uint Id, string Kind, XElement Element, List<(string Type, bool Forward, uint Target)> Refs);

    public static string Generate(string nodeSetPath, NodeIdTable ids)
    {
        var doc = XDocument.Load(nodeSetPath);
        var aliases = doc.Root!.Element(Ua + "Aliases")!.Elements(Ua + "Alias").ToDictionary(a => (string)a.Attribute("Alias")!, a => a.Value, StringComparer.Ordinal);
        var nodes = new Dictionary<uint, RawNode>();
        foreach (var e in doc.Root!.Elements())
        {
            var idText = (string?)e.Attribute("NodeId");
            if (idText is null || !idText.StartsWith("i=", StringComparison.Ordinal))
            {
                continue;
            }

            var refs = e.Element(Ua + "References")?.Elements(Ua + "Reference")
                .Select(r => ((string)r.Attribute("ReferenceType")!, (string?)r.Attribute("IsForward") != "false", ParseId(r.Value, aliases)))
                .Where(r => r.Item3 != 0)
                .ToList() ?? [];
            var id = ParseId(idText, aliases);
            nodes[id] = new RawNode(id, e.Name.LocalName, e, refs);
        }

        var refTypeIds = nodes.Values.Where(n => n.Kind == "UAReferenceType").ToDictionary(n => (string)n.Element.Attribute("BrowseName")!, n => n.Id, StringComparer.Ordinal);
        uint RefType(string name) => name.StartsWith("i=", StringComparison.Ordinal) ? ParseId(name, aliases) : aliases.TryGetValue(name, out var a) ? ParseId(a, aliases) : refTypeIds[name];

        var selected = new HashSet<uint>(nodes.Values.Where(n => n.Kind == "UAReferenceType").Select(n => n.Id));
        foreach (var name in DataTypes.Concat(ObjectTypes).Concat(VariableTypes).Concat(Instances))
        {
            selected.Add(ids.ByName[name].Id);
        }

        foreach (var e in ids.Entries.Where(e => InstancePrefixes.Any(p => e.Name.StartsWith(p, StringComparison.Ordinal)) && e.NodeClass is "Object" or "Variable"))
        {
            selected.Add(e.Id);
        }

        var withChildren = TypesWithChildren.Select(n => ids.ByName[n].Id).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var id in selected.ToList())
            {
                if (!nodes.TryGetValue(id, out var n))
                {
                    continue;
                }

                var add = new List<uint>();
                foreach (var (type, forward, target) in n.Refs)
                {
                    var t = RefType(type);
                    if ((t == 45 && !forward) || (t == 40 && forward))
                    {
                        add.Add(target); // supertype, type definition
                    }
                    else if (t == 38 && forward && nodes.TryGetValue(target, out var enc) && (string)enc.Element.Attribute("BrowseName")! == "Default Binary")
                    {
                        add.Add(target); // HasEncoding
                    }
                    else if (t == 46 && forward && nodes.TryGetValue(target, out var prop) &&
                        ((n.Kind == "UADataType" && (string)prop.Element.Attribute("BrowseName")! is "EnumStrings" or "EnumValues" or "OptionSetValues") || withChildren.Contains(id)))
                    {
                        add.Add(target);
                    }
                }

                if (n.Element.Attribute("DataType") is { } dt)
                {
                    add.Add(ParseId((string)dt, aliases));
                }

                foreach (var a in add.Where(a => nodes.ContainsKey(a)))
                {
                    changed |= selected.Add(a);
                }
            }
        }
        while (changed);

        var sb = new StringBuilder(Header.Text);
        sb.Append("using EdgeTwin.OpcUa.Encoding;\nusing EdgeTwin.OpcUa.Types;\n\nnamespace EdgeTwin.OpcUa.AddressSpace;\n\n");
        sb.Append("/// <summary>The reduced namespace 0 (").Append(selected.Count).Append(" nodes) selected from Opc.Ua.NodeSet2.xml.</summary>\n");
        sb.Append("internal static class Namespace0\n{\n    public const int NodeCount = ").Append(selected.Count).Append(";\n\n");
        sb.Append("    public static void Populate(NodeStore s)\n    {\n");
        foreach (var id in selected.Order())
        {
            WriteNode(sb, nodes[id], aliases);
        }

        sb.Append("\n        var r = References;\n        for (var i = 0; i < r.Length; i += 3)\n        {\n            s.AddReference(r[i], r[i + 1], r[i + 2]);\n        }\n    }\n\n");
        var triples = new HashSet<(uint, uint, uint)>();
        foreach (var id in selected.Order())
        {
            foreach (var (type, forward, target) in nodes[id].Refs)
            {
                if (!selected.Contains(target))
                {
                    continue;
                }

                var t = RefType(type);
                triples.Add(forward ? (id, t, target) : (target, t, id));
            }
        }

        sb.Append("    private static readonly uint[] References =\n    [\n");
        foreach (var (a, b, c) in triples.OrderBy(t => t.Item1).ThenBy(t => t.Item2).ThenBy(t => t.Item3))
        {
            sb.Append("        ").Append(a).Append(", ").Append(b).Append(", ").Append(c).Append(",\n");
        }

        sb.Append("    ];\n}\n");
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, RawNode n, Dictionary<string, string> aliases)
    {
        var e = n.Element;
        var browse = (string)e.Attribute("BrowseName")!;
        var display = e.Element(Ua + "DisplayName")?.Value ?? browse;
        var cls = n.Kind switch
        {
            "UAObject" => "ObjectNode",
            "UAVariable" => "VariableNode",
            "UAMethod" => "MethodNode",
            "UAObjectType" => "ObjectTypeNode",
            "UAVariableType" => "VariableTypeNode",
            "UAReferenceType" => "ReferenceTypeNode",
            "UADataType" => "DataTypeNode",
            _ => "ViewNode",
        };
        sb.Append("        s.Add(new ").Append(cls).Append('(').Append(n.Id).Append(", new QualifiedName(").Append(Str(browse)).Append("), new LocalizedText(").Append(Str(display)).Append("))");
        var props = new List<string>();
        if (e.Element(Ua + "Description") is { } desc)
        {
            props.Add("Description = new LocalizedText(" + Str(desc.Value) + ")");
        }

        if ((string?)e.Attribute("IsAbstract") == "true")
        {
            props.Add("IsAbstract = true");
        }

        if ((string?)e.Attribute("Symmetric") == "true")
        {
            props.Add("Symmetric = true");
        }

        if (e.Element(Ua + "InverseName") is { } inverse)
        {
            props.Add("InverseName = new LocalizedText(" + Str(inverse.Value) + ")");
        }

        if ((string?)e.Attribute("EventNotifier") is { } notifier)
        {
            props.Add("EventNotifier = " + notifier);
        }

        if (n.Kind is "UAVariable" or "UAVariableType")
        {
            props.Add("DataType = " + ParseId((string?)e.Attribute("DataType") ?? "i=24", aliases));
            props.Add("ValueRank = " + ((string?)e.Attribute("ValueRank") ?? (n.Kind == "UAVariable" ? "-1" : "-2")));
            if ((string?)e.Attribute("ArrayDimensions") is { } dims)
            {
                props.Add("ArrayDimensions = [" + string.Join(", ", dims.Split(',').Select(d => d.Trim() + "u")) + "]");
            }

            if (Value(e.Element(Ua + "Value")) is { } value)
            {
                props.Add("Value = " + value);
            }
        }

        if (n.Kind == "UAVariable" && (string?)e.Attribute("MinimumSamplingInterval") is { } msi)
        {
            props.Add("MinimumSamplingInterval = " + msi);
        }

        if (props.Count > 0)
        {
            sb.Append(" { ").Append(string.Join(", ", props)).Append(" }");
        }

        sb.Append(");\n");
    }

    private static string? Value(XElement? value)
    {
        var v = value?.Elements().FirstOrDefault();
        if (v is null)
        {
            return null;
        }

        string Text(XElement x) => x.Element(Types + "Text")?.Value ?? string.Empty;
        return v.Name.LocalName switch
        {
            "ListOfLocalizedText" => "new Variant(new LocalizedText[] { " + string.Join(", ", v.Elements().Select(x => "new LocalizedText(" + Str(Text(x)) + ")")) + " }, BuiltInType.LocalizedText)",
            "ListOfString" => "new Variant(new string[] { " + string.Join(", ", v.Elements().Select(x => Str(x.Value))) + " }, BuiltInType.String)",
            "ListOfExtensionObject" when v.Descendants(Types + "EnumValueType").Any() =>
                "new Variant(new ExtensionObject[] { " + string.Join(", ", v.Descendants(Types + "EnumValueType").Select(x =>
                    "new ExtensionObject(new EnumValueType { Value = " + long.Parse(x.Element(Types + "Value")!.Value, CultureInfo.InvariantCulture) +
                    ", DisplayName = new LocalizedText(" + Str(Text(x.Element(Types + "DisplayName")!)) + ")" +
                    (x.Element(Types + "Description") is { } d ? ", Description = new LocalizedText(" + Str(Text(d)) + ")" : string.Empty) + " })")) +
                " }, BuiltInType.ExtensionObject)",
            "Boolean" => "new Variant(" + (v.Value == "true" ? "true" : "false") + ")",
            "Int32" => "new Variant(" + int.Parse(v.Value, CultureInfo.InvariantCulture) + ")",
            "UInt32" => "new Variant(" + uint.Parse(v.Value, CultureInfo.InvariantCulture) + "u)",
            "String" => "new Variant(" + Str(v.Value) + ")",
            _ => null,
        };
    }

    private static uint ParseId(string text, Dictionary<string, string> aliases)
    {
        if (aliases.TryGetValue(text, out var a))
        {
            text = a;
        }

        return text.StartsWith("i=", StringComparison.Ordinal) ? uint.Parse(text[2..], CultureInfo.InvariantCulture) : 0;
    }

    private static string Str(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal) + "\"";
}
