using EdgeTwin.Sync.Store;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Store;

/// <summary><see cref="TailView"/>: the incremental, shared in-memory copy of the tail log that every read uses.</summary>
public sealed class TailViewTests
{
    private static byte[] Block(int count, int seed) => EncodedBlocks.Random(count, seed);

    private static List<(int Id, long Seq, byte[] Block)> Records(TailLease lease) =>
        Enumerable.Range(0, lease.Count).Select(i => lease[i]).Select(r => (r.StoreId, r.FirstSequence, r.Block.ToArray())).ToList();

    private static List<(int Id, long Seq, byte[] Block)> FromFile(string path, TailSnapshot? committed) =>
        TailLog.Read(path, committed, null).Select(r => (r.StoreId, r.FirstSequence, r.Block.ToArray())).ToList();

    private static void AssertSame(List<(int Id, long Seq, byte[] Block)> expected, List<(int Id, long Seq, byte[] Block)> actual)
    {
        Assert.Equal(expected.Select(e => (e.Id, e.Seq)), actual.Select(a => (a.Id, a.Seq)));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Block, pair.Second.Block));
    }

    [Fact]
    public void Over_many_commits_and_rotations_it_always_holds_what_a_full_read_of_the_file_holds()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        var view = new TailView(path);
        var random = new Random(17);
        var log = TailLog.Create(path, generation: 1, sync: false);
        try
        {
            var sequence = 1L;
            for (var step = 0; step < 300; step++)
            {
                if (random.Next(25) == 0)
                {
                    // Rotation as the writer does it: the next generation is written beside, then renamed over.
                    var next = TailLog.Create(path + ".next", log.Generation + 1, sync: false);
                    next.Stage(random.Next(3), sequence, Block(1 + random.Next(40), step));
                    sequence += 1000;
                    next.Commit();
                    next.Promote(path);
                    log.Dispose();
                    log = next;
                }

                for (var r = random.Next(4); r > 0; r--)
                {
                    // Sizes up to several pages, so the view's reads cross chunk and buffer-growth boundaries.
                    log.Stage(random.Next(3), sequence, Block(1 + random.Next(random.Next(10) == 0 ? 4000 : 200), (step * 10) + r));
                    sequence += 5000;
                }

                log.Commit();
                using var lease = view.Acquire(log.Committed);
                AssertSame(FromFile(path, log.Committed), Records(lease));
            }
        }
        finally
        {
            log.Dispose();
        }
    }

    [Fact]
    public void A_lease_keeps_its_records_intact_across_later_appends_and_rotations()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        var view = new TailView(path);
        var log = TailLog.Create(path, generation: 1, sync: false);
        log.Stage(0, 1, Block(100, 1));
        log.Stage(1, 1, Block(100, 2));
        log.Commit();
        var held = view.Acquire(log.Committed);
        var heldRecords = Records(held);
        Assert.Equal(2, heldRecords.Count);

        var sequence = 101L;
        for (var generation = 2; generation <= 6; generation++)
        {
            // Enough appends to grow the buffers, then a rotation: the buffer the held lease reads must not be reused.
            for (var i = 0; i < 20; i++)
            {
                log.Stage(0, sequence, Block(300, generation * 100 + i));
                sequence += 300;
                log.Commit();
                view.Acquire(log.Committed).Dispose();
            }

            var next = TailLog.Create(path + ".next", generation, sync: false);
            next.Stage(2, sequence, Block(50, generation));
            next.Commit();
            next.Promote(path);
            log.Dispose();
            log = next;
            using var current = view.Acquire(log.Committed);
            Assert.Equal([(2, sequence)], Records(current).Select(r => (r.Id, r.Seq)));
            AssertSame(heldRecords, Records(held));
        }

        held.Dispose();
        log.Dispose();
    }

    [Fact]
    public void Refreshes_of_the_steady_state_allocate_almost_nothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        var view = new TailView(path);
        var block = Block(200, 3);
        var log = TailLog.Create(path, generation: 1, sync: false);
        var sequence = 1L;

        // Generations of the same size, rotated as the writer does: the view reuses the buffers of the one before last.
        void Generations(int count)
        {
            for (var g = 0; g < count; g++)
            {
                for (var i = 0; i < 100; i++)
                {
                    log.Stage(0, sequence, block);
                    sequence += 200;
                    log.Commit();
                    using var lease = view.Acquire(log.Committed);
                    Assert.Equal(i + 1, lease.Count);
                }

                var next = TailLog.Create(path + ".next", log.Generation + 1, sync: false);
                next.Promote(path);
                log.Dispose();
                log = next;
            }
        }

        try
        {
            Generations(3);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            Generations(3);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            // Each generation's file grows to about 400 KB (a page per commit, plus preallocation): reading it whole per
            // commit, as readers once did, allocated that much 100 times per generation. Left: the file handle and
            // snapshot per commit, and the logs themselves.
            Assert.True(allocated < 3 * 100 * 1024, $"3 generations of 100 refreshes allocated {allocated} bytes");
        }
        finally
        {
            log.Dispose();
        }
    }

    [Fact]
    public void Without_a_committed_length_it_reads_complete_records_and_picks_up_a_torn_one_once_it_is_whole()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        var written = dir.File("written.tail");
        using (var log = TailLog.Create(written, generation: 4, sync: false))
        {
            log.Stage(0, 1, Block(10, 1));
            log.Commit();
            log.Stage(0, 11, Block(900, 2));
            log.Commit();
        }

        var whole = File.ReadAllBytes(written);
        var view = new TailView(path);
        using (var none = view.Acquire(null))
        {
            Assert.Equal(0, none.Count); // No file yet.
        }

        // The second record (after the header page and the first record's page) cut mid-way, as another process would
        // see a write in progress.
        File.WriteAllBytes(path, whole.AsSpan(0, (2 * TailLog.PageBytes) + 100).ToArray());
        using (var torn = view.Acquire(null))
        {
            Assert.Equal([1L], Records(torn).Select(r => r.Seq));
        }

        File.WriteAllBytes(path, whole);
        using (var complete = view.Acquire(null))
        {
            AssertSame(FromFile(written, null), Records(complete));
        }

        File.WriteAllBytes(path, [1, 2, 3]);
        using (var foreign = view.Acquire(null))
        {
            Assert.Equal(0, foreign.Count);
        }
    }

    [Fact]
    public void A_torn_or_damaged_file_yields_what_a_full_read_yields_however_it_grew()
    {
        using var dir = new TempDirectory();
        var written = dir.File("written.tail");
        using (var log = TailLog.Create(written, generation: 9, sync: false))
        {
            for (var i = 0; i < 30; i++)
            {
                log.Stage(i % 4, 1 + (i * 1000L), Block(1 + (i * 37 % 900), i));
                if (i % 3 == 2)
                {
                    log.Commit();
                }
            }

            log.Commit();
        }

        var original = File.ReadAllBytes(written);
        var path = dir.File("store.db.tail");
        var damaged = dir.File("damaged.tail");

        // The file as another process sees it: growing through some prefixes (each read by the same view, as a poll
        // would), then damaged by flipped bits. The view must agree with a full read of the file at every step.
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, original.Length), 3).ToArbitrary(), Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 2).ToArbitrary(), (cuts, flips) =>
        {
            var view = new TailView(path);
            var agrees = true;
            foreach (var cut in cuts.Order())
            {
                File.WriteAllBytes(path, original.AsSpan(0, cut).ToArray());
                using var lease = view.Acquire(null);
                var expected = FromFile(path, null);
                agrees &= expected.Count == lease.Count && expected.Select((e, i) => e.Id == lease[i].StoreId && e.Seq == lease[i].FirstSequence && e.Block.AsSpan().SequenceEqual(lease[i].Block.Span)).All(ok => ok);
            }

            var bytes = original.ToArray();
            foreach (var flip in flips)
            {
                bytes[TailLog.HeaderLength + (flip % (bytes.Length - TailLog.HeaderLength))] ^= (byte)(1 << (flip % 8));
            }

            File.WriteAllBytes(damaged, bytes);
            using var fresh = new TailView(damaged).Acquire(null);
            var intact = FromFile(damaged, null);
            return agrees && intact.Count == fresh.Count && intact.Select((e, i) => e.Seq == fresh[i].FirstSequence && e.Block.AsSpan().SequenceEqual(fresh[i].Block.Span)).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }
}
