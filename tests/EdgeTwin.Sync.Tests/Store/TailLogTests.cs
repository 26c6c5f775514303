using EdgeTwin.Sync.Store;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class TailLogTests
{
    private static byte[] Block(int count, int seed) => EncodedBlocks.Random(count, seed);

    private static (string Path, List<(int Id, long Seq, byte[] Block)> Written) WriteLog(TempDirectory dir, int records)
    {
        var path = dir.File("store.db.tail");
        var written = new List<(int, long, byte[])>();
        using var log = TailLog.Create(path, generation: 7, sync: false);
        for (var i = 0; i < records; i++)
        {
            var block = Block(1 + (i * 13 % 50), i);
            log.Stage(i % 3, 1 + (i * 100L), block);
            written.Add((i % 3, 1 + (i * 100L), block));
            if (i % 2 == 1)
            {
                log.Commit();
            }
        }

        log.Commit();
        return (path, written);
    }

    [Fact]
    public void Records_read_back_in_order_and_filtered_by_channel()
    {
        using var dir = new TempDirectory();
        var (path, written) = WriteLog(dir, 9);
        var all = TailLog.Read(path, null, null);
        Assert.Equal(written.Select(w => (w.Id, w.Seq)), all.Select(r => (r.StoreId, r.FirstSequence)));
        Assert.All(all.Zip(written), pair => Assert.Equal(pair.Second.Block, pair.First.Block.ToArray()));
        Assert.Equal([1, 4, 7], TailLog.Read(path, null, 1).Select(r => (int)((r.FirstSequence - 1) / 100)));
        Assert.Equal(7, TailLog.ReadGeneration(path));
    }

    [Fact]
    public void Readers_stop_at_the_committed_length_of_the_current_generation()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        using var log = TailLog.Create(path, generation: 3, sync: false);
        log.Stage(0, 1, Block(5, 1));
        log.Commit();
        var snapshot = log.Committed;
        log.Stage(0, 6, Block(5, 2));
        log.Commit();
        Assert.Single(TailLog.Read(path, snapshot, null));
        Assert.Equal(2, TailLog.Read(path, log.Committed, null).Count);
        Assert.Equal(2, TailLog.Read(path, snapshot with { Generation = 2 }, null).Count);
    }

    [Fact]
    public void Each_commit_writes_whole_new_pages_and_never_touches_an_earlier_one()
    {
        using var dir = new TempDirectory();
        var path = dir.File("store.db.tail");
        using var log = TailLog.Create(path, generation: 1, sync: false);
        Assert.Equal(TailLog.PageBytes, log.Committed.Length);
        var random = new Random(5);
        var expected = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var before = File.ReadAllBytes(path).AsSpan(0, (int)log.Committed.Length).ToArray();
            var records = 1 + random.Next(4);
            for (var r = 0; r < records; r++)
            {
                var sequence = 1 + (expected.Count * 1000L);
                // Sizes around the page size, so records straddle pages and some gaps are too small for padding.
                log.Stage(1, sequence, Block(1 + random.Next(600), i * 10 + r));
                expected.Add(sequence);
            }

            log.Commit();
            Assert.Equal(0, log.Committed.Length % TailLog.PageBytes);
            Assert.Equal(before, File.ReadAllBytes(path).AsSpan(0, before.Length).ToArray());
            Assert.Equal(expected, TailLog.Read(path, null, null).Select(x => x.FirstSequence));
            Assert.Equal(expected, TailLog.Read(path, log.Committed, 1).Select(x => x.FirstSequence));
        }
    }

    [Fact]
    public void A_torn_or_corrupted_log_yields_an_intact_prefix_and_never_throws()
    {
        using var dir = new TempDirectory();
        var (path, written) = WriteLog(dir, 12);
        var original = File.ReadAllBytes(path);
        var damaged = dir.File("damaged.tail");

        Prop.ForAll(Gen.Choose(0, original.Length).ToArbitrary(), Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 3).ToArbitrary(), (cut, flips) =>
        {
            var bytes = original.AsSpan(0, cut).ToArray();
            foreach (var flip in flips)
            {
                if (bytes.Length > TailLog.HeaderLength && flip % 2 == 0)
                {
                    bytes[TailLog.HeaderLength + (flip % (bytes.Length - TailLog.HeaderLength))] ^= (byte)(1 << (flip % 8));
                }
            }

            File.WriteAllBytes(damaged, bytes);
            var read = TailLog.Read(damaged, null, null);
            // Every record returned is one that was written, in order: CRC-32C catches the flips.
            return read.Count <= written.Count
                && read.Select((r, i) => r.StoreId == written[i].Id && r.FirstSequence == written[i].Seq && r.Block.Span.SequenceEqual(written[i].Block)).All(ok => ok);
        }).QuickCheckThrowOnFailure();

        File.WriteAllBytes(damaged, [1, 2, 3]);
        Assert.Empty(TailLog.Read(damaged, null, null));
        Assert.Equal(0, TailLog.ReadGeneration(damaged));
        Assert.Empty(TailLog.Read(dir.File("missing.tail"), null, null));
    }
}
