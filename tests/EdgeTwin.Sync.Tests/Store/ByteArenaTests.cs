using EdgeTwin.Sync.Store;

namespace EdgeTwin.Sync.Tests.Store;

public sealed class ByteArenaTests
{
    [Fact]
    public void Copies_stay_intact_until_cleared_and_later_batches_reuse_the_memory()
    {
        var arena = new ByteArena();
        var random = new Random(11);
        List<byte[]> Payloads() => Enumerable.Range(0, 300).Select(i => Enumerable.Range(0, random.Next(1, i % 50 == 0 ? 70_000 : 3000)).Select(_ => (byte)random.Next()).ToArray()).ToList();

        var first = Payloads();
        var copies = first.Select(p => arena.Copy(p)).ToList();
        Assert.All(first.Zip(copies), pair => Assert.Equal(pair.First, pair.Second.ToArray()));
        // Packed: consecutive small copies share chunks rather than each having an array.
        Assert.True(copies.Select(c => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(c, out var segment) ? segment.Array : null).Distinct().Count() < 40);

        arena.Clear();
        var second = Payloads();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var again = second.Where(p => p.Length <= 64 * 1024).Select(p => arena.Copy(p)).ToList();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.All(second.Where(p => p.Length <= 64 * 1024).Zip(again), pair => Assert.Equal(pair.First, pair.Second.ToArray()));
        // Only the list of copies and, if this batch is larger than the last, a chunk or two.
        Assert.True(allocated < 3 * 64 * 1024, $"the second batch allocated {allocated} bytes");
    }
}
