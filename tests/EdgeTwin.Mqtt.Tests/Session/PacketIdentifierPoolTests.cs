using EdgeTwin.Mqtt.Session;

namespace EdgeTwin.Mqtt.Tests.Session;

public sealed class PacketIdentifierPoolTests
{
    [Fact]
    public void Identifiers_in_use_are_never_handed_out_twice_and_zero_never_at_all()
    {
        var pool = new PacketIdentifierPool();
        var held = new List<ushort>();
        var inUse = new HashSet<ushort>();
        var random = new Random(5);
        for (var i = 0; i < 200_000; i++)
        {
            if (held.Count > 0 && random.Next(3) == 0)
            {
                var index = random.Next(held.Count);
                var release = held[index];
                held[index] = held[^1];
                held.RemoveAt(held.Count - 1);
                inUse.Remove(release);
                pool.Return(release);
            }
            else if (held.Count < 1000)
            {
                var id = pool.Rent();
                Assert.NotEqual(0, id);
                Assert.True(inUse.Add(id), $"identifier {id} handed out while in use");
                held.Add(id);
            }
        }

        Assert.Equal(held.Count, pool.Count);
    }

    [Fact]
    public void All_65535_identifiers_can_be_held_and_then_the_pool_refuses()
    {
        var pool = new PacketIdentifierPool();
        var all = Enumerable.Range(0, ushort.MaxValue).Select(_ => pool.Rent()).ToHashSet();
        Assert.Equal(ushort.MaxValue, all.Count);
        Assert.Throws<InvalidOperationException>(() => pool.Rent());
        pool.Return(4711);
        Assert.Equal(4711, pool.Rent());
    }
}
