using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class QueryTests
{
    private const long T0 = 1_795_000_000_000_000_000L; // 2026-11-18T11:06:40Z

    [Fact]
    public async Task A_time_range_is_inclusive_and_spans_sealed_blocks_and_the_tail()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 64), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 200, T0)); // 3 sealed blocks + 8 samples in the tail
        StoreFixture.AppendAll(store, StoreFixture.Ramp(1, 200, T0));
        await store.FlushAsync();

        var range = store.ReadRange(0, T0 + 50_000_000, T0 + 195_000_000).ToList();
        Assert.Equal(Enumerable.Range(50, 146).Select(i => (double)i), range.Select(s => s.Value));
        Assert.Equal(Enumerable.Range(51, 146).Select(i => (long)i), range.Select(s => s.Sequence));
        Assert.Empty(store.ReadRange(0, T0 + 300_000_000, T0 + 400_000_000));
        Assert.Empty(store.ReadRange(0, T0 + 10, T0 + 20));
        Assert.Single(store.ReadRange(0, T0, T0));
        Assert.Empty(store.ReadRange(0, T0 + 5, T0));
    }

    [Fact]
    public async Task Reading_after_a_cursor_pages_through_every_sample_once()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 50), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(store, StoreFixture.Ramp(2, 333, T0));
        await store.FlushAsync();

        var buffer = new StoredSample[37];
        var seen = new List<long>();
        var cursor = 0L;
        int n;
        while ((n = store.ReadAfter(2, cursor, buffer)) > 0)
        {
            seen.AddRange(buffer.Take(n).Select(s => s.Sequence));
            cursor = buffer[n - 1].Sequence;
        }

        Assert.Equal(Enumerable.Range(1, 333).Select(i => (long)i), seen);
        Assert.Equal(0, store.ReadAfter(2, 333, buffer));
        Assert.Equal(3, store.ReadAfter(2, 330, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReadAfter(3, 0, buffer));
    }

    [Fact]
    public async Task Csv_export_merges_channels_in_time_order_with_exact_values()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir), ["plant/a", "plant/b,\"x\""], new TestClock());
        StoreFixture.AppendAll(store, new Sample[]
        {
            new(0, T0, 0.1, Quality.Good),
            new(1, T0 + 1_500, double.NaN, Quality.CommunicationError),
            new(0, T0 + 1_000_000_001, -2.5e-300, Quality.Good),
            new(1, T0 + 2_000_000_000, 3, Quality.Stale),
        });
        await store.FlushAsync();

        using var text = new StringWriter();
        var rows = CsvExport.Write(store, text, [0, 1], T0, T0 + 1_999_999_999);
        Assert.Equal(3, rows);
        Assert.Equal(
            "time_utc,time_ns,channel,value,quality,sequence\r\n" +
            "2026-11-18T11:06:40.000000000Z,1795000000000000000,plant/a,0.1,0x00000000,1\r\n" +
            "2026-11-18T11:06:40.000001500Z,1795000000000001500,\"plant/b,\"\"x\"\"\",NaN,0x80050000,1\r\n" +
            "2026-11-18T11:06:41.000000001Z,1795000001000000001,plant/a,-2.5E-300,0x00000000,2\r\n",
            text.ToString());

        using var stream = new MemoryStream();
        Assert.Equal(4, CsvExport.Write(store, stream, [1, 0], long.MinValue, long.MaxValue));
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.EndsWith(",3,0x40900000,2", lines[4]);
    }

    [Fact]
    public async Task Outbox_cursors_only_move_forward_and_survive_a_restart()
    {
        using var dir = new TempDirectory();
        var clock = new TestClock();
        using (var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, clock))
        {
            Assert.Equal(0, store.Outbox.GetCursor("broker-a", 1));
            store.Outbox.Advance("broker-a", 1, 120);
            store.Outbox.Advance("broker-a", 1, 80);
            store.Outbox.Advance("broker-b", 1, 5);
            Assert.Equal(120, store.Outbox.GetCursor("broker-a", 1));
            await store.FlushAsync();
            store.Outbox.Advance("broker-a", 1, 121);
        }

        using (var store = SampleStore.Open(StoreFixture.Options(dir), StoreFixture.Paths, clock))
        {
            Assert.Equal(121, store.Outbox.GetCursor("broker-a", 1));
            Assert.Equal(5, store.Outbox.GetCursor("broker-b", 1));
            Assert.Equal(0, store.Outbox.GetCursor("broker-a", 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => store.Outbox.Advance("broker-a", 9, 1));
        }
    }
}
