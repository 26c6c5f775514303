using System.Text;

namespace EdgeTwin.OpcUa.Generator;

/// <summary>
/// Writes one enum per EnumeratedType and one class with Encode/Decode per StructuredType of the schema
/// (field order = wire order, OPC 10000-6 §5.2.6), plus the encoding-id → type factory used for
/// ExtensionObject bodies and service dispatch.
/// </summary>
internal static class DataTypeWriter
{
    private static readonly Dictionary<string, (string Clr, string Method)> BuiltIns = new(StringComparer.Ordinal)
    {
        ["opc:Boolean"] = ("bool", "Boolean"),
        ["opc:SByte"] = ("sbyte", "SByte"),
        ["opc:Byte"] = ("byte", "Byte"),
        ["opc:Int16"] = ("short", "Int16"),
        ["opc:UInt16"] = ("ushort", "UInt16"),
        ["opc:Int32"] = ("int", "Int32"),
        ["opc:UInt32"] = ("uint", "UInt32"),
        ["opc:Int64"] = ("long", "Int64"),
        ["opc:UInt64"] = ("ulong", "UInt64"),
        ["opc:Float"] = ("float", "Float"),
        ["opc:Double"] = ("double", "Double"),
        ["opc:String"] = ("string?", "String"),
        ["opc:CharArray"] = ("string?", "String"),
        ["opc:DateTime"] = ("DateTime", "DateTime"),
        ["opc:Guid"] = ("Guid", "Guid"),
        ["opc:ByteString"] = ("byte[]?", "ByteString"),
        ["ua:XmlElement"] = ("string?", "XmlElement"),
        ["ua:NodeId"] = ("NodeId", "NodeId"),
        ["ua:ExpandedNodeId"] = ("ExpandedNodeId", "ExpandedNodeId"),
        ["ua:StatusCode"] = ("StatusCode", "StatusCode"),
        ["ua:QualifiedName"] = ("QualifiedName", "QualifiedName"),
        ["ua:LocalizedText"] = ("LocalizedText", "LocalizedText"),
        ["ua:ExtensionObject"] = ("ExtensionObject?", "ExtensionObject"),
        ["ua:DataValue"] = ("DataValue", "DataValue"),
        ["ua:Variant"] = ("Variant", "Variant"),
        ["ua:DiagnosticInfo"] = ("DiagnosticInfo?", "DiagnosticInfo"),
    };

    public static string Generate(BinarySchema schema, NodeIdTable ids)
    {
        var enums = schema.Enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var skipped = new HashSet<string>(StringComparer.Ordinal)
        {
            // Built-in types described in the schema for completeness; hand-written in Encoding/.
            "XmlElement", "NodeIdType", "TwoByteNodeId", "FourByteNodeId", "NumericNodeId", "StringNodeId", "GuidNodeId",
            "ByteStringNodeId", "NodeId", "ExpandedNodeId", "StatusCode", "DiagnosticInfo", "QualifiedName", "LocalizedText",
            "DataValue", "ExtensionObject", "Variant",
        };
        var structs = schema.Structs.Where(s => !skipped.Contains(s.Name)).ToList();
        var structNames = structs.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var sb = new StringBuilder(Header.Text);
        sb.Append("using EdgeTwin.OpcUa.Encoding;\n\nnamespace EdgeTwin.OpcUa.Types;\n");
        foreach (var e in schema.Enums.Where(e => !skipped.Contains(e.Name)))
        {
            WriteEnum(sb, e);
        }

        var factory = new List<(uint Id, string Name)>();
        foreach (var s in structs)
        {
            ids.ByName.TryGetValue(s.Name + "_Encoding_DefaultBinary", out var encoding);
            ids.ByName.TryGetValue(s.Name, out var dataType);
            WriteStruct(sb, s, enums, structNames, encoding?.Id ?? 0, dataType?.Id ?? 0);
            if (encoding is not null)
            {
                factory.Add((encoding.Id, s.Name));
            }
        }

        sb.Append("\n/// <summary>Creates an empty structure for a namespace-0 Default Binary encoding id (no reflection).</summary>\n");
        sb.Append("public static class EncodeableFactory\n{\n    public static IEncodeable? Create(uint binaryEncodingId) => binaryEncodingId switch\n    {\n");
        foreach (var (id, name) in factory.OrderBy(f => f.Id))
        {
            sb.Append("        ").Append(id).Append(" => new ").Append(name).Append("(),\n");
        }

        sb.Append("        _ => null,\n    };\n}\n");
        return sb.ToString();
    }

    private static void WriteEnum(StringBuilder sb, EnumType e)
    {
        var underlying = e.LengthInBits switch
        {
            8 => "byte",
            16 => "ushort",
            64 => "ulong",
            _ => e.IsOptionSet ? "uint" : "int",
        };
        sb.Append('\n');
        if (e.IsOptionSet)
        {
            sb.Append("[Flags]\n");
        }

        sb.Append("public enum ").Append(e.Name).Append(" : ").Append(underlying).Append("\n{\n");
        foreach (var v in e.Values)
        {
            sb.Append("    ").Append(v.Name).Append(" = ").Append(v.Value).Append(",\n");
        }

        sb.Append("}\n");
    }

    private static void WriteStruct(StringBuilder sb, StructType s, Dictionary<string, EnumType> enums, HashSet<string> structs, uint encodingId, uint dataTypeId)
    {
        var lengthFields = s.Fields.Where(f => f.LengthField is not null).Select(f => f.LengthField!).ToHashSet(StringComparer.Ordinal);
        var fields = s.Fields.Where(f => !lengthFields.Contains(f.Name)).ToList();
        var isRequest = fields.Count > 0 && fields[0].TypeName == "tns:RequestHeader";
        var isResponse = fields.Count > 0 && fields[0].TypeName == "tns:ResponseHeader";
        sb.Append("\npublic sealed partial class ").Append(s.Name).Append(" : IEncodeable")
            .Append(isRequest ? ", IRequest" : string.Empty).Append(isResponse ? ", IResponse" : string.Empty).Append("\n{\n");
        sb.Append("    public const uint TypeDataTypeId = ").Append(dataTypeId).Append(";\n");
        sb.Append("    public const uint TypeBinaryEncodingId = ").Append(encodingId).Append(";\n\n");
        foreach (var f in fields)
        {
            var (clr, _) = Describe(f.TypeName, enums, structs);
            var type = f.LengthField is null ? clr : clr.TrimEnd('?') + "[]?";
            sb.Append("    public ").Append(type).Append(' ').Append(PropertyName(s, f)).Append(" { get; set; }\n");
        }

        sb.Append("\n    public NodeId BinaryEncodingId => TypeBinaryEncodingId;\n\n");
        if (isRequest)
        {
            sb.Append("    RequestHeader? IRequest.Header => ").Append(PropertyName(s, fields[0])).Append(";\n\n");
        }

        if (isResponse)
        {
            sb.Append("    ResponseHeader? IResponse.Header => ").Append(PropertyName(s, fields[0])).Append(";\n\n");
        }

        sb.Append("    public void Encode(ref BinaryEncoder encoder)\n    {\n");
        foreach (var f in fields)
        {
            var name = PropertyName(s, f);
            var (_, kind) = Describe(f.TypeName, enums, structs);
            if (f.LengthField is null)
            {
                sb.Append("        ").Append(WriteExpr(kind, name, f.TypeName, enums)).Append(";\n");
            }
            else
            {
                sb.Append("        encoder.WriteArrayLength(").Append(name).Append(");\n");
                sb.Append("        if (").Append(name).Append(" is not null)\n        {\n");
                sb.Append("            foreach (var item in ").Append(name).Append(")\n            {\n");
                sb.Append("                ").Append(WriteExpr(kind, "item", f.TypeName, enums)).Append(";\n");
                sb.Append("            }\n        }\n");
            }
        }

        sb.Append("    }\n\n    public void Decode(ref BinaryDecoder decoder)\n    {\n");
        foreach (var f in fields)
        {
            var name = PropertyName(s, f);
            var (clr, kind) = Describe(f.TypeName, enums, structs);
            if (f.LengthField is null)
            {
                sb.Append("        ").Append(name).Append(" = ").Append(ReadExpr(kind, clr, f.TypeName, enums)).Append(";\n");
            }
            else
            {
                var elem = clr.TrimEnd('?');
                var nullableElem = clr.EndsWith('?') ? clr : elem;
                sb.Append("        {\n            var n = decoder.ReadArrayLength();\n");
                sb.Append("            if (n < 0)\n            {\n                ").Append(name).Append(" = null;\n            }\n");
                sb.Append("            else\n            {\n");
                sb.Append("                var array = new ").Append(ArrayNew(nullableElem, "n")).Append(";\n");
                sb.Append("                for (var i = 0; i < n; i++)\n                {\n");
                sb.Append("                    array[i] = ").Append(ReadExpr(kind, clr, f.TypeName, enums)).Append(";\n");
                sb.Append("                }\n\n                ").Append(name).Append(" = array!;\n            }\n        }\n");
            }
        }

        sb.Append("    }\n}\n");
    }

    private static string ArrayNew(string elem, string n)
    {
        // byte[]? elements: "new byte[]?[n]" is how C# spells an array of nullable byte arrays.
        return elem + "[" + n + "]";
    }

    private static string PropertyName(StructType s, Field f) => f.Name == s.Name ? f.Name + "Value" : f.Name;

    private static (string Clr, string Kind) Describe(string typeName, Dictionary<string, EnumType> enums, HashSet<string> structs)
    {
        if (BuiltIns.TryGetValue(typeName, out var b))
        {
            return (b.Clr, "builtin:" + b.Method);
        }

        var local = typeName.StartsWith("tns:", StringComparison.Ordinal) ? typeName[4..] : typeName;
        if (enums.ContainsKey(local))
        {
            return (local, "enum");
        }

        if (structs.Contains(local))
        {
            return (local + "?", "struct");
        }

        throw new InvalidOperationException("unsupported field type " + typeName);
    }

    private static string WriteExpr(string kind, string value, string typeName, Dictionary<string, EnumType> enums)
    {
        if (kind.StartsWith("builtin:", StringComparison.Ordinal))
        {
            return "encoder.Write" + kind[8..] + "(" + value + ")";
        }

        if (kind == "enum")
        {
            var e = enums[typeName[4..]];
            return e.LengthInBits switch
            {
                8 => "encoder.WriteByte((byte)" + value + ")",
                16 => "encoder.WriteUInt16((ushort)" + value + ")",
                64 => "encoder.WriteUInt64((ulong)" + value + ")",
                _ => "encoder.WriteInt32((int)" + value + ")",
            };
        }

        return "encoder.WriteEncodeable(" + value + ")";
    }

    private static string ReadExpr(string kind, string clr, string typeName, Dictionary<string, EnumType> enums)
    {
        if (kind.StartsWith("builtin:", StringComparison.Ordinal))
        {
            return "decoder.Read" + kind[8..] + "()";
        }

        if (kind == "enum")
        {
            var e = enums[typeName[4..]];
            return e.LengthInBits switch
            {
                8 => "(" + clr + ")decoder.ReadByte()",
                16 => "(" + clr + ")decoder.ReadUInt16()",
                64 => "(" + clr + ")decoder.ReadUInt64()",
                _ => e.IsOptionSet ? "(" + clr + ")decoder.ReadUInt32()" : "(" + clr + ")decoder.ReadInt32()",
            };
        }

        return "decoder.ReadEncodeable<" + clr.TrimEnd('?') + ">()";
    }
}
