using System.Text.Json;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Mqtt;
using EdgeTwin.Service.Tests.Process;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>
/// The real gateway against a real mosquitto that is down when the gateway starts: once the broker is up, a
/// subscriber receives every sample the store committed while it was down, and the live samples after, with no
/// sequence gap per channel.
/// </summary>
public sealed class UplinkProcessTests
{
    private const string Topic = "edgetwin/demo-axis/data/#";

    [Fact]
    public async Task Samples_buffered_while_the_broker_is_down_arrive_complete_and_in_order_once_it_is_up()
    {
        using var dir = new TempDirectory();
        using var broker = new Mosquitto();

        // A persistent subscriber session, so the broker queues what the gateway publishes before the subscriber is back.
        broker.Start();
        var subscriberOptions = await UplinkRun.RegisterDurableSubscriberAsync(broker, "uplink-test-subscriber", Topic, inboundQueueCapacity: 100_000);
        broker.Stop();

        var environment = UplinkRun.Environment(dir.Path, broker, replaySamplesPerSecond: 20_000, rateHz: 200);
        var clock = new SystemClock();
        long brokerUpNs;
        var received = new List<Message>();
        using (var gateway = GatewayProcess.Start(["run", "--config", RepositoryPaths.DefaultConfig], environment))
        {
            Assert.True(gateway.WaitForOutput("Uplink cannot reach", TimeSpan.FromSeconds(30)), gateway.Stdout + gateway.Stderr);
            Assert.True(gateway.WaitForOutput("Uplink disconnected: backlog", TimeSpan.FromSeconds(10)), gateway.Stdout);

            // More than the 5 s live window, so part of the backlog is replayed as history.
            await Task.Delay(7000);
            brokerUpNs = clock.UtcNowNs;
            broker.Start();
            await using var subscriber = new MqttClient(subscriberOptions);
            var connect = await subscriber.ConnectAsync();
            Assert.True(connect.SessionPresent, "the broker lost the subscriber's session across its restart");
            var drain = Task.Run(async () =>
            {
                await foreach (var m in subscriber.Messages.ReadAllAsync())
                {
                    lock (received)
                    {
                        received.Add(Message.Parse(m.Topic, m.Payload.Span));
                    }
                }
            });

            Assert.True(gateway.WaitForOutput("Uplink connected to", TimeSpan.FromSeconds(30)), gateway.Stdout);
            Assert.True(gateway.WaitForOutput("Uplink replaying", TimeSpan.FromSeconds(5)), gateway.Stdout);
            await Task.Delay(4000);
            gateway.Terminate();
            Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(5)), "the gateway did not exit within 5 s of SIGTERM");
            Assert.Equal(0, gateway.ExitCode);
            Assert.DoesNotContain("Exception", gateway.Stdout + gateway.Stderr, StringComparison.Ordinal);
            await Task.Delay(500);
            await subscriber.DisposeAsync(); // completes Messages, which ends the drain
            await drain.WaitAsync(TimeSpan.FromSeconds(5));
        }

        var csv = dir.File("all.csv");
        var (code, _, stderr) = GatewayProcess.Run(
            ["export", "--config", RepositoryPaths.DefaultConfig, "--from", "2000-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z", "--out", csv],
            environment);
        Assert.True(code == 0, stderr);
        var stored = StoredRow.Parse(File.ReadAllText(csv)).GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Sequence));

        Assert.Contains(received, m => m.Historical);
        Assert.Contains(received, m => !m.Historical);
        Assert.Contains("axis1/motor/temperature", stored.Keys);
        Assert.Contains("gateway/uplink/backlog_samples", stored.Keys);
        foreach (var (channel, rows) in stored)
        {
            var messages = received.Where(m => m.Channel == channel).ToList();
            Assert.All(messages, m => Assert.Equal($"edgetwin/demo-axis/data/{channel}", m.Topic));

            // Each flow (history, live) arrives in sequence order; across them duplicates are dropped by sequence.
            foreach (var flow in messages.GroupBy(m => m.Historical))
            {
                var firsts = flow.Select(m => m.SequenceFirst).Distinct().ToList();
                Assert.Equal(firsts.Order(), firsts);
            }

            var seen = new SortedDictionary<long, long>();
            foreach (var m in messages)
            {
                Assert.Equal(m.SequenceLast - m.SequenceFirst + 1, m.Times.Length);
                for (var i = 0; i < m.Times.Length; i++)
                {
                    seen[m.SequenceFirst + i] = m.Times[i];
                }
            }

            // No gap: sequences 1..max received, each with the stored sample's time stamp.
            var max = seen.Count == 0 ? 0 : seen.Keys.Max();
            Assert.Equal(max, seen.Count);
            foreach (var (sequence, time) in seen)
            {
                Assert.True(rows.TryGetValue(sequence, out var row), $"{channel} #{sequence} was received but is not in the store");
                Assert.Equal(row.TimeNs, time);
            }

            // Everything committed before the broker came up was delivered.
            var before = rows.Values.Where(r => r.TimeNs < brokerUpNs).Select(r => r.Sequence).DefaultIfEmpty(0).Max();
            Assert.True(max >= before, $"{channel}: received up to #{max}, but #{before} was stored before the broker came up");
        }
    }

    private sealed record Message(string Topic, string Channel, long SequenceFirst, long SequenceLast, bool Historical, long[] Times)
    {
        public static Message Parse(string topic, ReadOnlySpan<byte> payload)
        {
            var reader = new Utf8JsonReader(payload);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            Assert.Equal("demo-axis", root.GetProperty("gateway").GetString());
            var samples = root.GetProperty("samples");
            var times = new long[samples.GetArrayLength()];
            var i = 0;
            foreach (var sample in samples.EnumerateArray())
            {
                Assert.Equal(3, sample.GetArrayLength());
                times[i++] = sample[0].GetInt64();
            }

            return new Message(topic, root.GetProperty("channel").GetString()!, root.GetProperty("seq_first").GetInt64(),
                root.GetProperty("seq_last").GetInt64(), root.GetProperty("historical").GetBoolean(), times);
        }
    }
}
