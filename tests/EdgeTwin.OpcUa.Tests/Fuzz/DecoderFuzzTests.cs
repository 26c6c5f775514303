namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// 100,000 mutations of the service requests node-opcua really sent, decoded as the server decodes them.
/// Only a status may come out, and no input makes the decoder allocate more than a bounded amount.
/// </summary>
public class DecoderFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Mutated_captured_requests_decode_or_fail_with_a_decoding_status_and_bounded_allocation()
    {
        var bodies = new List<byte[]>();
        foreach (var stream in Traffic.LoadStreams())
        {
            foreach (var chunk in Traffic.Chunks(stream).Where(c => Traffic.TypeOf(c) == "MSG"))
            {
                bodies.Add(chunk[24..]); // header 8 + channel 4 + token 4 + sequence header 8
            }
        }

        Assert.True(bodies.Count >= 10, "captured requests: " + bodies.Count);
        var random = new Random(20261122);
        var decoded = 0;
        var failed = 0;
        var maxAllocated = 0L;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutator.Mutate(bodies[random.Next(bodies.Count)], random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var d = new BinaryDecoder(input, EncodingLimits.Default);
                var typeId = d.ReadNodeId();
                var request = typeId.NamespaceIndex == 0 && typeId.IdType == IdType.Numeric ? EncodeableFactory.Create(typeId.NumericId) : null;
                request?.Decode(ref d);
                decoded++;
            }
            catch (StatusException ex)
            {
                Assert.True(ex.Status.Code is StatusCodes.BadDecodingError or StatusCodes.BadEncodingLimitsExceeded, ex.Message);
                failed++;
            }

            maxAllocated = Math.Max(maxAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(Iterations, decoded + failed);
        Assert.True(failed > Iterations / 20, "mutations should break some messages: " + failed);

        // Inputs are a few KB; a decoder that trusted a length field would allocate megabytes or gigabytes.
        Assert.True(maxAllocated < 2 * 1024 * 1024, "largest allocation for one message: " + maxAllocated);
    }
}
