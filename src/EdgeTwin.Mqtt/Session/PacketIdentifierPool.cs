namespace EdgeTwin.Mqtt.Session;

/// <summary>
/// Hands out Packet Identifiers 1..65535 that are not in use (MQTT 5.0 §2.2.1: an identifier is reusable only
/// after its acknowledgement flow completes). A bitmap, so renting and returning never allocate. Not thread-safe:
/// the session calls it under its lock.
/// </summary>
internal sealed class PacketIdentifierPool
{
    private readonly ulong[] _inUse = new ulong[65536 / 64];
    private ushort _next = 1;

    public int Count { get; private set; }

    public ushort Rent()
    {
        if (Count == ushort.MaxValue)
        {
            throw new InvalidOperationException("All 65,535 packet identifiers are in use.");
        }

        while (true)
        {
            var id = _next;
            _next = _next == ushort.MaxValue ? (ushort)1 : (ushort)(_next + 1);
            if (!IsInUse(id))
            {
                _inUse[id >> 6] |= 1UL << (id & 63);
                Count++;
                return id;
            }
        }
    }

    public bool IsInUse(ushort id) => (_inUse[id >> 6] & (1UL << (id & 63))) != 0;

    public void Return(ushort id)
    {
        if (IsInUse(id))
        {
            _inUse[id >> 6] &= ~(1UL << (id & 63));
            Count--;
        }
    }
}
