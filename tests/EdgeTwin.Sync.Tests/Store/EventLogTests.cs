using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class EventLogTests
{
    [Fact]
    public void Events_are_durable_and_queried_by_time_and_type()
    {
        using var dir = new TempDirectory();
        using (var log = EventLog.Open(dir.File("events.db")))
        {
            log.Append("alert", 300, "plant/motor", """{"score":0.93}""");
            log.Append("command", 100, "opcua/session/1", """{"setpoint":42}""");
            log.Append("alert", 200, "plant/pump", "[]");
        }

        using (var log = EventLog.Open(dir.File("events.db")))
        {
            Assert.Equal([100L, 200L, 300L], log.Query(0, 1000).Select(e => e.TimeNs));
            var alerts = log.Query(150, 300, "alert");
            Assert.Equal(["plant/pump", "plant/motor"], alerts.Select(e => e.Source));
            Assert.Equal("""{"score":0.93}""", alerts[1].JsonPayload);
            Assert.Single(log.Query(0, 1000, limit: 1));
            Assert.Equal(1, log.DeleteBefore(150));
            Assert.Equal(2, log.Query(0, 1000).Count);
        }
    }

    [Fact]
    public void Invalid_events_are_rejected_with_the_reason()
    {
        using var dir = new TempDirectory();
        using var log = EventLog.Open(dir.File("events.db"));
        Assert.Contains("JSON", Assert.Throws<ArgumentException>(() => log.Append("alert", 1, "x", "{not json")).Message);
        Assert.Throws<ArgumentException>(() => log.Append("alert", 1, "x", "\"" + new string('a', EventLog.MaxPayloadBytes) + "\""));
        Assert.Throws<ArgumentException>(() => log.Append("", 1, "x", "{}"));
        Assert.Throws<ArgumentException>(() => log.Append("alert", 1, new string('s', 300), "{}"));
        Assert.Empty(log.Query(long.MinValue, long.MaxValue));
    }
}
