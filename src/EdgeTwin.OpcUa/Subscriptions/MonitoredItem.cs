using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;
using EdgeTwin.OpcUa.Server;
using EdgeTwin.OpcUa.Services;

namespace EdgeTwin.OpcUa.Subscriptions;

/// <summary>
/// One monitored item (OPC 10000-4 §5.12): sampled by its sampling group, filtered by its DataChangeFilter
/// (trigger, absolute or percent deadband), queued with discard-oldest/newest and the overflow bit.
/// The queue is a fixed ring sized once, so a sample costs no allocation.
/// </summary>
internal sealed class MonitoredItem
{
    /// <summary>StatusCode info bits: InfoType DataValue + Overflow (OPC 10000-4 §7.39.1, §5.12.1.5).</summary>
    private const uint OverflowBits = 0x0480;

    /// <summary>The ring for a queue of two or more; a queue of one (what SCADA clients ask for) is <see cref="_single"/>, kept inline so a sample touches one object less.</summary>
    private DataValue[] _queue = [];
    private DataValue _single;
    private int _head;
    private int _count;
    private DataValue _last;
    private bool _hasLast;

    /// <summary>
    /// The variable itself when the item monitors a plain Value (no IndexRange, default encoding): nodes are never
    /// removed from the store, so the sampler keeps the reference instead of looking the NodeId up each period.
    /// </summary>
    private readonly VariableNode? _variable;
    private int _lastVersion;

    public MonitoredItem(uint id, Subscription subscription, ReadValueId item, TimestampsToReturn timestamps, Node node)
    {
        Id = id;
        Subscription = subscription;
        Item = item;
        Timestamps = timestamps;
        if (item.AttributeId == AttributeIds.Value && string.IsNullOrEmpty(item.IndexRange) && item.DataEncoding.IsNull && node is VariableNode variable)
        {
            _variable = variable;
        }
    }

    public uint Id { get; }
    public Subscription Subscription { get; }
    public ReadValueId Item { get; }
    public TimestampsToReturn Timestamps { get; }
    public uint ClientHandle { get; set; }
    public MonitoringMode Mode { get; set; }
    public double SamplingInterval { get; set; }
    public uint QueueSize { get; private set; }
    public bool DiscardOldest { get; set; }
    public DataChangeFilter? Filter { get; set; }

    /// <summary>The deadband in engineering units (percent deadbands resolved against EURange at creation).</summary>
    public double AbsoluteDeadband { get; set; }
    public SamplingGroup? Group { get; set; }

    /// <summary>This item's place in its group's list (for O(1) removal).</summary>
    public int GroupIndex { get; set; }
    /// <summary>Items this one triggers (SetTriggering, §5.12.1.6); null until the first link, so the sampler's check is one field.</summary>
    public List<MonitoredItem>? Triggered { get; private set; }

    /// <summary>The reverse links: deleting an item unlinks it from its triggers without scanning the subscription.</summary>
    private List<MonitoredItem>? _triggeredBy;

    /// <summary>Set when a triggering item reported: report this Sampling item's queue too (§5.12.1.6).</summary>
    public bool ForceReport { get; set; }

    public int QueuedCount => _count;

    public void SetQueueSize(uint size)
    {
        var old = _count == 0 ? [] : Drain();
        QueueSize = Math.Max(1u, size);
        _queue = QueueSize == 1 ? [] : _queue.Length == QueueSize && old.Count == 0 ? _queue : new DataValue[QueueSize];
        _head = 0;
        _count = 0;
        foreach (var v in old.TakeLast((int)QueueSize))
        {
            Enqueue(v);
        }
    }

    /// <summary>Reads the attribute and queues the value when the filter says it changed.</summary>
    public bool Sample(ServerCore server, UserIdentity user, DateTime now)
    {
        if (Mode == MonitoringMode.Disabled)
        {
            return false;
        }

        DataValue value;
        if (_variable is not null)
        {
            // A stored value that has not been set since the last sample cannot have changed (a ValueSource can).
            var version = _variable.Version;
            if (_hasLast && version == _lastVersion && _variable.Source is null)
            {
                return false;
            }

            _lastVersion = version;
            value = AttributeService.ReadValue(_variable, user, Timestamps, now);
        }
        else
        {
            value = AttributeService.ReadOne(server, user, Item, Timestamps, now);
        }

        if (_hasLast && !Changed(_last, value))
        {
            return false;
        }

        _last = value;
        _hasLast = true;
        Enqueue(value);
        return Mode == MonitoringMode.Reporting;
    }

    /// <summary>Links <paramref name="linked"/> to be reported whenever this item reports; a repeated link is kept once.</summary>
    public void Link(MonitoredItem linked)
    {
        Triggered ??= [];
        if (!Triggered.Contains(linked))
        {
            Triggered.Add(linked);
            (linked._triggeredBy ??= []).Add(this);
        }
    }

    public bool Unlink(MonitoredItem linked)
    {
        if (Triggered?.Remove(linked) != true)
        {
            return false;
        }

        linked._triggeredBy!.Remove(this);
        return true;
    }

    /// <summary>Removes every link to and from this item (it is being deleted).</summary>
    public void UnlinkAll()
    {
        foreach (var trigger in _triggeredBy?.ToArray() ?? [])
        {
            trigger.Unlink(this);
        }

        foreach (var linked in Triggered?.ToArray() ?? [])
        {
            Unlink(linked);
        }
    }

    /// <summary>Forces the next sample to be reported (after a mode change to Reporting, §5.12.4).</summary>
    public void ResetLast() => _hasLast = false;

    public void Enqueue(DataValue value)
    {
        // Queue size 1: the newest value replaces the queued one, with no overflow bit (§5.12.1.5).
        if (_queue.Length == 0)
        {
            _single = value;
            _count = 1;
            return;
        }

        if (_count < _queue.Length)
        {
            _queue[(_head + _count) % _queue.Length] = value;
            _count++;
            return;
        }

        if (DiscardOldest)
        {
            _head = (_head + 1) % _queue.Length;
            _queue[(_head + _count - 1) % _queue.Length] = value;
            if (_queue.Length > 1)
            {
                ref var oldest = ref _queue[_head];
                oldest = oldest with { Status = new StatusCode(oldest.Status.Code | OverflowBits) };
            }
        }
        else
        {
            var last = (_head + _count - 1) % _queue.Length;
            _queue[last] = _queue.Length > 1 ? value with { Status = new StatusCode(value.Status.Code | OverflowBits) } : value;
        }
    }

    /// <summary>
    /// Writes up to <paramref name="max"/> queued values as MonitoredItemNotifications (OPC 10000-4 §7.20.2),
    /// oldest first, and returns how many it wrote. A value leaves the queue before it is written, so a value
    /// too large to encode is dropped rather than failing every later publishing cycle.
    /// </summary>
    public int DrainTo(ref BinaryEncoder encoder, int max)
    {
        var written = 0;
        if (_queue.Length == 0)
        {
            if (_count == 0 || max <= 0)
            {
                return 0;
            }

            var single = _single;
            _single = default;
            _count = 0;
            encoder.WriteUInt32(ClientHandle);
            encoder.WriteDataValue(single);
            return 1;
        }

        while (_count > 0 && written < max)
        {
            var value = _queue[_head];
            _queue[_head] = default;
            _head = (_head + 1) % _queue.Length;
            _count--;
            encoder.WriteUInt32(ClientHandle);
            encoder.WriteDataValue(value);
            written++;
        }

        return written;
    }

    private List<DataValue> Drain()
    {
        var list = new List<DataValue>(_count);
        if (_queue.Length == 0)
        {
            list.Add(_single);
            return list;
        }

        for (var i = 0; i < _count; i++)
        {
            list.Add(_queue[(_head + i) % _queue.Length]);
        }

        return list;
    }

    /// <summary>OPC 10000-4 §7.22.2 DataChangeFilter.</summary>
    private bool Changed(DataValue last, DataValue value)
    {
        if (last.Status != value.Status)
        {
            return true;
        }

        var trigger = Filter?.Trigger ?? DataChangeTrigger.StatusValue;
        if (trigger == DataChangeTrigger.Status)
        {
            return false;
        }

        if (trigger == DataChangeTrigger.StatusValueTimestamp && last.SourceTimestamp != value.SourceTimestamp)
        {
            return true;
        }

        if (Filter is { DeadbandType: not 0 } && value.Value.IsNumeric && last.Value.IsNumeric && !value.Value.IsArray)
        {
            return Math.Abs(value.Value.ToDouble() - last.Value.ToDouble()) > AbsoluteDeadband;
        }

        if (Filter is { DeadbandType: not 0 } && value.Value.IsArray && last.Value.IsArray)
        {
            var a = value.Value.ArrayValue!;
            var b = last.Value.ArrayValue!;
            if (a.Length != b.Length)
            {
                return true;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (Math.Abs(Convert.ToDouble(a.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) - Convert.ToDouble(b.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) > AbsoluteDeadband)
                {
                    return true;
                }
            }

            return false;
        }

        return !last.Value.Equals(value.Value);
    }
}
