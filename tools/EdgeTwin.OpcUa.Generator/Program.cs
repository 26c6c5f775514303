using EdgeTwin.OpcUa.Generator;

// Usage: EdgeTwin.OpcUa.Generator [schema-dir] [output-dir]
// Reads the OPC Foundation's namespace-0 tables and writes the C# the stack compiles (committed output).
var schemaDir = args.Length > 0 ? args[0] : "/work/shared/opcua";
var outputDir = args.Length > 1 ? args[1] : Path.Combine(RepoRoot.Find(), "src", "EdgeTwin.OpcUa", "Generated");
Directory.CreateDirectory(outputDir);

var nodeIds = NodeIdTable.Load(Path.Combine(schemaDir, "NodeIds.csv"));
Write("StatusCodes.g.cs", StatusCodeWriter.Generate(Path.Combine(schemaDir, "StatusCode.csv")));
Write("AttributeIds.g.cs", AttributeIdWriter.Generate(Path.Combine(schemaDir, "AttributeIds.csv")));
Write("NodeIds.g.cs", NodeIdWriter.Generate(nodeIds));
var schema = BinarySchema.Load(Path.Combine(schemaDir, "Opc.Ua.Types.bsd"));
Write("DataTypes.g.cs", DataTypeWriter.Generate(schema, nodeIds));
Write("Namespace0.g.cs", Namespace0Writer.Generate(Path.Combine(schemaDir, "Opc.Ua.NodeSet2.xml"), nodeIds));
return 0;

void Write(string name, string text)
{
    File.WriteAllText(Path.Combine(outputDir, name), text);
    Console.WriteLine($"wrote {name} ({text.Length:N0} chars)");
}
