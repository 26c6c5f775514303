using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary>The reader's pooled sessions: reads reuse connections and buffers, and any number may run at once.</summary>
public sealed class ReadSessionTests
{
    private static readonly long T0 = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public async Task Polling_reads_of_a_live_store_allocate_little_per_call()
    {
        using var dir = new TempDirectory();
        using var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 100), StoreFixture.Paths, new TestClock());
        // Sealed blocks and an open one, so a read walks both SQLite and the tail.
        StoreFixture.AppendAll(store, StoreFixture.Ramp(0, 1050, T0));
        await store.FlushAsync();
        var buffer = new StoredSample[64];
        var afterWarmUp = 0;
        for (var i = 0; i < 50; i++)
        {
            afterWarmUp = store.ReadAfter(0, 1000, buffer);
        }

        const int Reads = 10_000;
        var total = 0L;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
        {
            total += store.ReadAfter(0, 1000, buffer);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(50, afterWarmUp);
        Assert.Equal(50L * Reads, total);
        Assert.Equal(Enumerable.Range(1001, 50).Select(i => (long)i), buffer.Take(50).Select(s => s.Sequence));
        // Nothing per read once warm (the JIT may leave a little). A connection and command per call, as reads once
        // did, allocated over 2 KB each time.
        Assert.True(allocated / Reads < 32, $"a read allocated {allocated / (double)Reads:0.0} bytes");
    }

    [Fact]
    public async Task More_concurrent_range_reads_than_pooled_sessions_all_read_everything()
    {
        using var dir = new TempDirectory();
        var store = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 64), StoreFixture.Paths, new TestClock());
        StoreFixture.AppendAll(store, StoreFixture.Ramp(1, 1000, T0));
        await store.FlushAsync();

        // Ten enumerators open at once, advanced in turn: each holds its own session until it ends.
        var enumerators = Enumerable.Range(0, 10).Select(_ => store.ReadRange(1, long.MinValue, long.MaxValue).GetEnumerator()).ToList();
        var read = enumerators.Select(_ => new List<long>()).ToList();
        bool any;
        do
        {
            any = false;
            for (var e = 0; e < enumerators.Count; e++)
            {
                if (enumerators[e].MoveNext())
                {
                    read[e].Add(enumerators[e].Current.Sequence);
                    any = true;
                }
            }
        }
        while (any);

        Assert.All(read, r => Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), r));

        // One enumerator left open across disposal: the store closes, and the read ends cleanly after it.
        var open = store.ReadRange(1, long.MinValue, long.MaxValue).GetEnumerator();
        Assert.True(open.MoveNext());
        enumerators.ForEach(e => e.Dispose());
        store.Dispose();
        open.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.ReadAfter(1, 0, new StoredSample[1]));

        using var reopened = SampleStore.Open(StoreFixture.Options(dir, blockSamples: 64), StoreFixture.Paths, new TestClock());
        Assert.Equal(1000, StoreFixture.ReadAll(reopened, 1).Count);
    }
}
