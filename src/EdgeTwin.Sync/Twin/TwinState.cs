using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Sync.Twin;

/// <summary>
/// The live state of the twin: the latest value, timestamp and quality of every channel, addressable by twin
/// path (e.g. <c>axis1/motor/temperature</c>).
/// </summary>
/// <remarks>
/// Each channel has a single writer (the bus thread that acquires it) and any number of readers, so a
/// per-slot sequence lock gives readers a consistent (value, timestamp, quality) triple without locks or
/// allocation on either side. A value older than its channel's stale age reads as Uncertain_LastUsableValue.
/// </remarks>
public sealed class TwinState : ISampleSink
{
    private readonly Slot[] _slots;
    private readonly IClock _clock;

    public TwinState(ChannelMap channels, IClock clock, Func<int, long>? staleAfterNs = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        Channels = channels;
        _clock = clock;
        _slots = new Slot[channels.Count];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Quality = Quality.WaitingForInitialData.Code;
            _slots[i].StaleAfterNs = staleAfterNs?.Invoke(i) ?? long.MaxValue;
        }
    }

    public ChannelMap Channels { get; }

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        foreach (ref readonly var sample in samples)
        {
            Update(sample);
        }
    }

    public void Update(in Sample sample)
    {
        ref var slot = ref _slots[sample.Channel];

        // Odd sequence = write in progress. Timestamps within a channel only move forward: a late sample
        // (e.g. replayed from a device FIFO) never overwrites a newer state.
        if (sample.TimestampNs < Volatile.Read(ref slot.TimestampNs))
        {
            return;
        }

        Interlocked.Increment(ref slot.Sequence);
        slot.Value = sample.Value;
        slot.TimestampNs = sample.TimestampNs;
        slot.Quality = sample.Quality.Code;
        Interlocked.Increment(ref slot.Sequence);
    }

    public TwinValue Get(int channel)
    {
        ref var slot = ref _slots[channel];
        double value;
        long timestamp;
        uint quality;
        int before;
        var spins = new SpinWait();
        while (true)
        {
            before = Volatile.Read(ref slot.Sequence);
            value = slot.Value;
            timestamp = slot.TimestampNs;
            quality = slot.Quality;
            if ((before & 1) == 0 && Volatile.Read(ref slot.Sequence) == before)
            {
                break;
            }

            spins.SpinOnce();
        }

        var q = new Quality(quality);
        if (q.IsGood && timestamp != 0 && _clock.UtcNowNs - timestamp > slot.StaleAfterNs)
        {
            q = Quality.Stale;
        }

        return new TwinValue(value, timestamp, q);
    }

    public bool TryGet(string twinPath, out TwinValue value)
    {
        if (Channels.TryGetId(twinPath, out var id))
        {
            value = Get(id);
            return true;
        }

        value = default;
        return false;
    }

    private struct Slot
    {
        public int Sequence;
        public double Value;
        public long TimestampNs;
        public uint Quality;
        public long StaleAfterNs;
    }
}
