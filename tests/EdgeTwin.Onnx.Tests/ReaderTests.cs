using EdgeTwin.Onnx.Model;

namespace EdgeTwin.Onnx.Tests;

public sealed class ReaderTests
{
    private static readonly byte[] AddModel = ProtoBuilder.Model(ProtoBuilder.AddGraph()).ToArray();

    [Fact]
    public void Reads_a_generated_model_with_its_graph_attributes_and_symbolic_batch()
    {
        var model = OnnxModelReader.ReadFile(TestModels.PathOf("dense_autoencoder.onnx"));

        Assert.Equal(8, model.IrVersion);
        Assert.Equal("edgetwin-make-test-models", model.ProducerName);
        Assert.Equal(13, model.OpsetVersion("ai.onnx"));
        Assert.Equal(10, model.Graph.Nodes.Count);
        Assert.Equal(8, model.Graph.Initializers.Count);
        var gemm = model.Graph.Nodes[0];
        Assert.Equal("Gemm", gemm.OpType);
        Assert.Equal(["x", "W0", "B0"], gemm.Inputs);
        Assert.Equal(1, gemm.FindAttribute("transB")!.Int);
        var w0 = model.Graph.Initializers.Single(t => t.Name == "W0");
        Assert.Equal([8, 12], w0.Dims);
        Assert.Equal(96, w0.Floats!.Length);
        var input = Assert.Single(model.Graph.Inputs);
        Assert.Equal(OnnxDataType.Float, input.ElementType);
        Assert.Equal([new OnnxDimension(null, "N"), new OnnxDimension(12, null)], input.Shape!);
    }

    [Fact]
    public void Repeated_scalars_are_read_packed_and_unpacked_alike()
    {
        var unpacked = new ProtoBuilder().Varint(1, 2).Varint(1, 3).Varint(2, 1)
            .Fixed32(4, 1f).Fixed32(4, 2f).Fixed32(4, 3f).Fixed32(4, 4f).Fixed32(4, 5f).Fixed32(4, 6f).String(8, "c");
        var graph = new ProtoBuilder().Message(5, unpacked).Message(5, ProtoBuilder.FloatTensor("d", [2, 3], [1, 2, 3, 4, 5, 6]));

        var model = OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray());

        Assert.Equal(model.Graph.Initializers[1].Dims, model.Graph.Initializers[0].Dims);
        Assert.Equal(model.Graph.Initializers[1].Floats, model.Graph.Initializers[0].Floats);
    }

    [Fact]
    public void Unknown_fields_are_skipped()
    {
        var bytes = new ProtoBuilder().Varint(99, 5).Fixed32(98, 1f).String(97, "x").Raw(AddModel).ToArray();

        Assert.Equal(3, OnnxModelReader.Read(bytes).Graph.Initializers[0].ElementCount);
    }

    [Fact]
    public void An_empty_file_is_a_format_error()
    {
        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([]));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_truncated_file_names_the_field_it_ends_in()
    {
        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(AddModel.AsSpan(0, AddModel.Length - 3)));

        Assert.Equal("model.graph", error.FieldPath);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_truncated_tensor_payload_names_the_tensor_field()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, 2).Varint(2, 1).Tag(4, 2).RawVarint(8).Raw(0, 0, 128, 63);
        var bytes = ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray();

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(bytes));

        Assert.Equal("model.graph.initializer[0].float_data", error.FieldPath);
        Assert.Contains("runs past the end", error.Message);
    }

    [Fact]
    public void Every_prefix_of_a_model_is_either_a_shorter_valid_message_or_a_format_error()
    {
        var bytes = TestModels.Bytes("linear_regressor.onnx");
        var errors = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                OnnxModelReader.Read(bytes.AsSpan(0, length));
            }
            catch (OnnxFormatException)
            {
                errors++;
            }
        }

        // Cutting between top-level fields leaves a valid (smaller) message; everywhere else must be an error.
        Assert.True(errors > bytes.Length * 9 / 10, $"{errors} of {bytes.Length} prefixes rejected");
    }

    [Fact]
    public void A_model_over_the_size_limit_is_rejected_before_decoding()
    {
        var limits = new OnnxReaderLimits { MaxModelBytes = 64 };

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(AddModel, limits));

        Assert.Contains($"{AddModel.Length} bytes exceeds the limit of 64 bytes", error.Message);
    }

    [Fact]
    public void An_oversized_file_is_rejected_without_reading_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgetwin-oversized-{Environment.ProcessId}.onnx");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(65L * 1024 * 1024);
            }

            var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.ReadFile(path));
            Assert.Contains("exceeding the limit of 67108864 bytes", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_varint_longer_than_ten_bytes_is_malformed()
    {
        var bytes = new ProtoBuilder().Raw(0x08).Raw([.. Enumerable.Repeat((byte)0xFF, 10)]).Raw(0x01).ToArray();

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(bytes));

        Assert.Equal("model.ir_version", error.FieldPath);
        Assert.Contains("malformed varint", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x0F }, "invalid field tag")]
    [InlineData(new byte[] { 0x07 }, "invalid field tag")]
    [InlineData(new byte[] { 0x7B }, "group wire type")]
    public void Invalid_tags_and_group_wire_types_are_rejected(byte[] bytes, string expected)
    {
        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(bytes));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_rejected()
    {
        var bytes = new ProtoBuilder().String(1, "eight").ToArray();

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(bytes));

        Assert.Equal("model.ir_version", error.FieldPath);
        Assert.Contains("wire type LengthDelimited where Varint is required", error.Message);
    }

    [Fact]
    public void A_tensor_whose_dims_multiply_past_the_element_limit_is_rejected_before_allocation()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, 100_000, 100_000).Varint(2, 1).String(8, "huge");

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Equal("model.graph.initializer[0].dims", error.FieldPath);
        Assert.Contains("more than 16777216 elements", error.Message);
    }

    [Fact]
    public void A_negative_dimension_is_rejected()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, -3).Varint(2, 1).String(8, "neg");

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Contains("negative", error.Message);
    }

    [Fact]
    public void Tensor_data_must_match_its_dims()
    {
        var tensor = ProtoBuilder.FloatTensor("short", [3], [1, 2]);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Equal("model.graph.initializer[0].float_data", error.FieldPath);
        Assert.Contains("2 values for 3 elements", error.Message);
    }

    [Fact]
    public void Raw_data_must_match_its_dims()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, 2).Varint(2, 7).Bytes(9, new byte[12]).String(8, "raw");

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Equal("model.graph.initializer[0].raw_data", error.FieldPath);
        Assert.Contains("raw_data has 12 bytes, expected 16", error.Message);
    }

    [Fact]
    public void The_node_count_is_limited()
    {
        var graph = new ProtoBuilder();
        for (var i = 0; i < 3; i++)
        {
            graph.Message(1, ProtoBuilder.Node("Relu", ["x"], [$"y{i}"]));
        }

        var error = Assert.Throws<OnnxFormatException>(() =>
            OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray(), new OnnxReaderLimits { MaxNodes = 2 }));

        Assert.Equal("model.graph.node", error.FieldPath);
        Assert.Contains("more than 2 nodes", error.Message);
    }

    [Fact]
    public void Nesting_through_subgraph_attributes_is_limited()
    {
        var graph = ProtoBuilder.AddGraph();
        for (var level = 0; level < 12; level++)
        {
            var attribute = new ProtoBuilder().String(1, "body").Varint(20, 5).Message(6, graph);
            graph = new ProtoBuilder().Message(1, ProtoBuilder.Node("Loop", [], ["o"], attribute));
        }

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray()));

        Assert.Contains("depth limit of 24", error.Message);
        Assert.StartsWith("model.graph.node[0].attribute[0].g.node[0]", error.FieldPath);
    }

    [Fact]
    public void Long_strings_are_limited()
    {
        var graph = new ProtoBuilder().Message(1, ProtoBuilder.Node(new string('R', 5000), ["x"], ["y"]));

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray()));

        Assert.Equal("model.graph.node[0].op_type", error.FieldPath);
        Assert.Contains("5000 bytes exceeds the limit of 4096", error.Message);
    }

    [Fact]
    public void Strings_must_be_valid_utf8()
    {
        var graph = new ProtoBuilder().Bytes(2, [0x67, 0xC3, 0x28]);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray()));

        Assert.Equal("model.graph.name", error.FieldPath);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Repeated_fields_are_limited()
    {
        var attribute = new ProtoBuilder().String(1, "perm").Varint(20, 7).PackedInt64s(8, [.. Enumerable.Range(0, 11).Select(i => (long)i)]);
        var graph = new ProtoBuilder().Message(1, ProtoBuilder.Node("Transpose", ["x"], ["y"], attribute));

        var error = Assert.Throws<OnnxFormatException>(() =>
            OnnxModelReader.Read(ProtoBuilder.Model(graph).ToArray(), new OnnxReaderLimits { MaxListCount = 10 }));

        Assert.Equal("model.graph.node[0].attribute[0].ints", error.FieldPath);
        Assert.Contains("more than 10 entries", error.Message);
    }

    [Fact]
    public void Tensor_rank_is_limited()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, [.. Enumerable.Repeat(1L, 17)]).Varint(2, 1).PackedFloats(4, 1f);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Contains("rank 17 exceeds the limit of 16", error.Message);
    }

    [Fact]
    public void A_model_without_a_graph_is_rejected()
    {
        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(new ProtoBuilder().Varint(1, 8).ToArray()));
        Assert.Contains("'graph' is missing", error.Message);
    }

    [Fact]
    public void External_tensor_data_is_reported_as_unsupported()
    {
        var tensor = new ProtoBuilder().PackedInt64s(1, 2).Varint(2, 1).String(8, "w").Varint(14, 1);

        var error = Assert.Throws<OnnxUnsupportedException>(() => OnnxModelReader.Read(ProtoBuilder.Model(new ProtoBuilder().Message(5, tensor)).ToArray()));

        Assert.Contains("external file", error.Message);
    }
}
