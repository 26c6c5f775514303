using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using EdgeTwin.Mqtt.Adapter;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Tests.Broker;
using Xunit.Abstractions;

namespace EdgeTwin.Mqtt.Tests.Client;

/// <summary>The QoS 1 publish path: encoding and acknowledgement decoding allocate nothing; end to end, little.</summary>
[Collection(MosquittoAloneCollection.Name)]
public sealed class AllocationTests(MosquittoFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Encoding_a_QoS1_publish_and_decoding_its_PUBACK_allocate_nothing(MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        ReadOnlyMemory<byte> payload = new byte[256];
        var puback = new ReadOnlySequence<byte>(new byte[] { 0x40, 0x02, 0x00, 0x01 });
        var acknowledged = 0L;
        void Once(ushort id)
        {
            buffer.ResetWrittenCount();
            var packet = new PublishPacket { Topic = "plant/line-1/press-4/telemetry", Payload = payload, QoS = MqttQualityOfService.AtLeastOnce, PacketId = id };
            PublishCodec.Encode(buffer, packet, version, uint.MaxValue);
            var sequence = puback;
            MqttFrameReader.TryRead(ref sequence, uint.MaxValue, out var frame);
            var ack = PublishResponseCodec.Decode(frame.Header, frame.Body.First, version);
            acknowledged += ack.PacketId;
        }

        void Run()
        {
            for (var i = 0; i < 10_000; i++)
            {
                Once((ushort)(i + 1));
            }
        }

        // The first run lets the JIT settle (tier-up may allocate once); the second must allocate nothing.
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(20_000, acknowledged);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Publishing_QoS1_through_mosquitto_allocates_little_per_message()
    {
        await using var client = new MqttClient(fixture.Options(MqttProtocolVersion.V500, $"alloc-{Guid.NewGuid():N}") with { MaximumInFlight = 64 });
        await client.ConnectAsync();
        ReadOnlyMemory<byte> payload = new byte[128];
        const string topic = "edgetwin/alloc/telemetry";

        async Task RunAsync(int count)
        {
            // A window of concurrent publishes, each awaited once, as an outbox pump would.
            var pending = new Queue<ValueTask<MqttPublishResult>>();
            for (var i = 0; i < count; i++)
            {
                if (pending.Count == 32)
                {
                    await pending.Dequeue();
                }

#pragma warning disable CA2012 // Held in a window and awaited exactly once: the pipelining an outbox pump does.
                pending.Enqueue(client.PublishAsync(topic, payload));
#pragma warning restore CA2012
            }

            while (pending.Count > 0)
            {
                await pending.Dequeue();
            }
        }

        // Off xunit's synchronization context, whose per-continuation posts would be counted otherwise.
        await Task.Run(() => RunAsync(5_000));
        const int Count = 20_000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Task.Run(() => RunAsync(Count));
        var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Count;
        output.WriteLine($"{perMessage:F1} bytes allocated per QoS 1 publish, all threads, test host included");
        // Encoder, completion objects and async state machine boxes are pooled: ~0.5 B/publish in Release. A Debug
        // build compiles every async state machine as a class (~1 KB per publish), so only Release gets the tight bound.
        var optimized = typeof(MqttClient).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        output.WriteLine(optimized ? "library built optimized" : "library built for debugging");
        Assert.True(perMessage < (optimized ? 64 : 2048), $"{perMessage:F1} bytes per publish (optimized: {optimized})");
    }
}
