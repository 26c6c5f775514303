using EdgeTwin.Sparkplug.Tests.Reference;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace EdgeTwin.Sparkplug.Tests;

/// <summary>Our encoder and decoder against Google's protobuf runtime over an independent copy of the schema.</summary>
public sealed class PayloadInteropTests
{
    private static readonly SparkplugDataType[] Types =
        [SparkplugDataType.Double, SparkplugDataType.Float, SparkplugDataType.UInt64, SparkplugDataType.Int32, SparkplugDataType.Boolean, SparkplugDataType.String];

    private static Arbitrary<SparkplugMetric> Metrics =>
        (from type in Gen.Elements(Types)
         from name in ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get).Select(s => (string?)s).OrNull()
         from hasAlias in ArbMap.Default.GeneratorFor<bool>()
         from aliasValue in ArbMap.Default.GeneratorFor<ulong>()
         from timestamp in ArbMap.Default.GeneratorFor<ulong>()
         from historical in ArbMap.Default.GeneratorFor<bool>()
         from isNull in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
         from d in ArbMap.Default.GeneratorFor<double>()
         from l in ArbMap.Default.GeneratorFor<ulong>()
         from b in ArbMap.Default.GeneratorFor<bool>()
         from s in ArbMap.Default.GeneratorFor<NonNull<string>>()
         select new SparkplugMetric
         {
             Name = name is null ? null : Clean(name),
             Alias = hasAlias ? aliasValue : null,
             TimestampMs = timestamp,
             DataType = type,
             IsHistorical = historical,
             IsNull = isNull,
             DoubleValue = type == SparkplugDataType.Float ? (float)d : d,
             LongValue = type == SparkplugDataType.Int32 ? (uint)l : l,
             BooleanValue = b,
             StringValue = Clean(s.Get),
         }).ToArbitrary();

    [Fact]
    public void What_we_write_Google_protobuf_reads_back_field_for_field()
    {
        Prop.ForAll(
            Metrics.Generator.ArrayOf().ToArbitrary(),
            ArbMap.Default.ArbFor<ulong>(),
            ArbMap.Default.ArbFor<ulong?>(),
            (metrics, timestamp, seq) =>
            {
                var buffer = new byte[SparkplugPayloadWriter.Size(timestamp, seq, metrics)];
                Assert.Equal(buffer.Length, SparkplugPayloadWriter.Write(buffer, timestamp, seq, metrics));
                var decoded = Payload.Parser.ParseFrom(buffer);
                Assert.Equal(timestamp, decoded.Timestamp);
                Assert.Equal(seq.HasValue, decoded.HasSeq);
                Assert.Equal(seq ?? 0, decoded.Seq);
                Assert.Equal(metrics.Length, decoded.Metrics.Count);
                for (var i = 0; i < metrics.Length; i++)
                {
                    AssertSame(metrics[i], decoded.Metrics[i]);
                }
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void What_Google_protobuf_writes_we_read_back_including_fields_we_skip()
    {
        Prop.ForAll(
            Metrics.Generator.ArrayOf().ToArbitrary(),
            ArbMap.Default.ArbFor<ulong>(),
            ArbMap.Default.ArbFor<ulong?>(),
            (metrics, timestamp, seq) =>
            {
                var reference = new Payload { Timestamp = timestamp, Uuid = "edgetwin", Body = ByteString.CopyFromUtf8("skipped") };
                if (seq is { } s)
                {
                    reference.Seq = s;
                }

                foreach (var m in metrics)
                {
                    reference.Metrics.Add(ToReference(m));
                }

                var read = SparkplugPayloadReader.Read(reference.ToByteArray());
                Assert.Equal(timestamp, read.TimestampMs);
                Assert.Equal(seq, read.Seq);
                Assert.Equal(metrics.Length, read.Metrics.Count);
                for (var i = 0; i < metrics.Length; i++)
                {
                    var expected = metrics[i];
                    var actual = read.Metrics[i];
                    Assert.Equal(expected.Name, actual.Name);
                    Assert.Equal(expected.Alias, actual.Alias);
                    Assert.Equal(expected.TimestampMs == 0 ? null : expected.TimestampMs, actual.TimestampMs);
                    Assert.Equal(expected.DataType, actual.DataType);
                    Assert.Equal(expected.IsHistorical, actual.IsHistorical);
                    Assert.Equal(expected.IsNull, actual.IsNull);
                    Assert.Equal(expected.IsNull ? null : ValueOf(expected), actual.Value);
                }
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_data_message_is_written_without_allocating()
    {
        var metrics = new SparkplugMetric[100];
        for (var i = 0; i < metrics.Length; i++)
        {
            metrics[i] = SparkplugMetric.OfDouble(null, (ulong)i, 1_795_313_960_958UL + (ulong)i, i * 0.5, historical: i % 2 == 0);
        }

        var buffer = new byte[SparkplugPayloadWriter.Size(1, 7, metrics)];
        SparkplugPayloadWriter.Write(buffer, 1, 7, metrics);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            SparkplugPayloadWriter.Write(buffer, (ulong)round, (ulong)(round % 256), metrics);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertSame(in SparkplugMetric expected, Payload.Types.Metric actual)
    {
        Assert.Equal(expected.Name is not null, actual.HasName);
        Assert.Equal(expected.Name ?? "", actual.Name);
        Assert.Equal(expected.Alias.HasValue, actual.HasAlias);
        Assert.Equal(expected.Alias ?? 0, actual.Alias);
        Assert.Equal(expected.TimestampMs, actual.Timestamp);
        Assert.Equal((uint)expected.DataType, actual.Datatype);
        Assert.Equal(expected.IsHistorical, actual.IsHistorical);
        Assert.Equal(expected.IsNull, actual.IsNull);
        if (expected.IsNull)
        {
            Assert.Equal(Payload.Types.Metric.ValueOneofCase.None, actual.ValueCase);
            return;
        }

        switch (expected.DataType)
        {
            case SparkplugDataType.Double:
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DoubleValue), BitConverter.DoubleToInt64Bits(actual.DoubleValue));
                break;
            case SparkplugDataType.Float:
                Assert.Equal(BitConverter.SingleToInt32Bits((float)expected.DoubleValue), BitConverter.SingleToInt32Bits(actual.FloatValue));
                break;
            case SparkplugDataType.UInt64:
                Assert.Equal(expected.LongValue, actual.LongValue);
                break;
            case SparkplugDataType.Int32:
                Assert.Equal((uint)expected.LongValue, actual.IntValue);
                break;
            case SparkplugDataType.Boolean:
                Assert.Equal(expected.BooleanValue, actual.BooleanValue);
                break;
            default:
                Assert.Equal(expected.StringValue, actual.StringValue);
                break;
        }
    }

    private static Payload.Types.Metric ToReference(in SparkplugMetric m)
    {
        var r = new Payload.Types.Metric { Datatype = (uint)m.DataType, Timestamp = m.TimestampMs, IsHistorical = m.IsHistorical };
        if (m.TimestampMs == 0)
        {
            r.ClearTimestamp();
        }

        if (m.Name is not null)
        {
            r.Name = m.Name;
        }

        if (m.Alias is { } alias)
        {
            r.Alias = alias;
        }

        // Fields this library skips, to prove skipping keeps the reader in step.
        r.Properties = new Payload.Types.PropertySet { Keys = { "engUnit" }, Values = { new Payload.Types.PropertyValue { StringValue = "°C" } } };
        r.IsTransient = false;
        if (m.IsNull)
        {
            r.IsNull = true;
            return r;
        }

        switch (m.DataType)
        {
            case SparkplugDataType.Double: r.DoubleValue = m.DoubleValue; break;
            case SparkplugDataType.Float: r.FloatValue = (float)m.DoubleValue; break;
            case SparkplugDataType.UInt64: r.LongValue = m.LongValue; break;
            case SparkplugDataType.Int32: r.IntValue = (uint)m.LongValue; break;
            case SparkplugDataType.Boolean: r.BooleanValue = m.BooleanValue; break;
            default: r.StringValue = m.StringValue; break;
        }

        return r;
    }

    private static object? ValueOf(in SparkplugMetric m) => m.DataType switch
    {
        SparkplugDataType.Double or SparkplugDataType.Float => m.DoubleValue,
        SparkplugDataType.UInt64 => m.LongValue,
        SparkplugDataType.Int32 => (ulong)(uint)m.LongValue,
        SparkplugDataType.Boolean => m.BooleanValue,
        _ => m.StringValue,
    };

    /// <summary>FsCheck strings may hold lone surrogates, which no UTF-8 encoder round-trips.</summary>
    private static string Clean(string s) => new([.. s.Where(c => !char.IsSurrogate(c))]);
}
