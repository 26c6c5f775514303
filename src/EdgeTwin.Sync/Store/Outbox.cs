namespace EdgeTwin.Sync.Store;

/// <summary>
/// Forwarding cursors: per destination and channel, the sequence number of the last sample the destination
/// acknowledged. The uplink reads after the cursor (<see cref="SampleStore.ReadAfter"/>) and calls
/// <see cref="Advance"/> only once the broker confirmed delivery (e.g. the MQTT PUBACK). Advances are held in
/// memory and written with the store's next commit, so a crash can move a cursor back by at most one flush
/// interval: samples are then sent again with the same sequence numbers, and consumers drop the duplicates.
/// </summary>
public sealed class Outbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Destination, int StoreId), long> _cursors = [];
    private readonly HashSet<(string Destination, int StoreId)> _dirty = [];
    private readonly int[] _storeIds;

    internal Outbox(int[] storeIds, IEnumerable<(string Destination, int StoreId, long Sequence)> persisted)
    {
        _storeIds = storeIds;
        foreach (var (destination, storeId, sequence) in persisted)
        {
            _cursors[(destination, storeId)] = sequence;
        }
    }

    /// <summary>The last acknowledged sequence, 0 if the destination never acknowledged anything on this channel.</summary>
    public long GetCursor(string destination, int channel)
    {
        var key = (destination, StoreId(channel));
        lock (_gate)
        {
            return _cursors.GetValueOrDefault(key);
        }
    }

    /// <summary>Moves the cursor forward to <paramref name="sequence"/>; a smaller value is ignored (acks may arrive out of order).</summary>
    public void Advance(string destination, int channel, long sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var key = (destination, StoreId(channel));
        lock (_gate)
        {
            if (sequence > _cursors.GetValueOrDefault(key))
            {
                _cursors[key] = sequence;
                _dirty.Add(key);
            }
        }
    }

    internal bool HasChanges
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count > 0;
            }
        }
    }

    /// <summary>Writer thread: the cursors changed since the last call; <see cref="Restore"/> them if the commit fails.</summary>
    internal List<(string Destination, int StoreId, long Sequence)> TakeChanges()
    {
        lock (_gate)
        {
            var changes = new List<(string, int, long)>(_dirty.Count);
            foreach (var key in _dirty)
            {
                changes.Add((key.Destination, key.StoreId, _cursors[key]));
            }

            _dirty.Clear();
            return changes;
        }
    }

    internal void Restore(List<(string Destination, int StoreId, long Sequence)> changes)
    {
        lock (_gate)
        {
            foreach (var (destination, storeId, _) in changes)
            {
                _dirty.Add((destination, storeId));
            }
        }
    }

    private int StoreId(int channel) => (uint)channel < (uint)_storeIds.Length
        ? _storeIds[channel]
        : throw new ArgumentOutOfRangeException(nameof(channel), channel, "no such channel in this configuration");
}
