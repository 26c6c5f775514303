using System.Globalization;
using System.Xml.Linq;

namespace EdgeTwin.OpcUa.Generator;

internal sealed record EnumValue(string Name, long Value);

internal sealed record EnumType(string Name, int LengthInBits, bool IsOptionSet, List<EnumValue> Values);

internal sealed record Field(string Name, string TypeName, string? LengthField);

internal sealed record StructType(string Name, List<Field> Fields);

/// <summary>The parts of Opc.Ua.Types.bsd (OPC 10000-6 Annex F / Part 3 binary schema) the generator uses.</summary>
internal sealed class BinarySchema
{
    private static readonly XNamespace Opc = "http://opcfoundation.org/BinarySchema/";

    public List<EnumType> Enums { get; } = [];
    public List<StructType> Structs { get; } = [];

    public static BinarySchema Load(string path)
    {
        var doc = XDocument.Load(path);
        var schema = new BinarySchema();
        foreach (var e in doc.Root!.Elements(Opc + "EnumeratedType"))
        {
            var values = e.Elements(Opc + "EnumeratedValue")
                .Select(v => new EnumValue((string)v.Attribute("Name")!, long.Parse((string)v.Attribute("Value")!, CultureInfo.InvariantCulture)))
                .ToList();
            schema.Enums.Add(new EnumType(
                (string)e.Attribute("Name")!,
                int.Parse((string?)e.Attribute("LengthInBits") ?? "32", CultureInfo.InvariantCulture),
                (string?)e.Attribute("IsOptionSet") == "true",
                values));
        }

        foreach (var s in doc.Root!.Elements(Opc + "StructuredType"))
        {
            var fields = s.Elements(Opc + "Field")
                .Select(f => new Field((string)f.Attribute("Name")!, (string)f.Attribute("TypeName")!, (string?)f.Attribute("LengthField")))
                .ToList();
            schema.Structs.Add(new StructType((string)s.Attribute("Name")!, fields));
        }

        return schema;
    }
}
