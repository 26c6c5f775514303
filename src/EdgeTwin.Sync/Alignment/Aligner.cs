using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Sync.Alignment;

/// <summary>
/// Turns channels sampled at different rates into frames at one twin rate: for each frame time t on the UTC
/// grid, one (value, quality) per configured channel.
/// </summary>
/// <remarks>
/// <para>Value at t, per channel (prev = newest sample ≤ t, next = oldest sample &gt; t):</para>
/// <list type="number">
/// <item>no prev: NaN, Bad_WaitingForInitialData;</item>
/// <item>t − prev &gt; max age: prev's value, Uncertain_LastUsableValue (never interpolated or extrapolated);</item>
/// <item>hold channel, or prev exactly at t: prev's value and quality;</item>
/// <item>linear channel with next: the straight line through prev and next, the worse of their qualities;</item>
/// <item>linear channel without next (the latency budget ran out): prev's value, Uncertain_SubNormal.</item>
/// </list>
/// <para>A bad sample quality always wins over the marks above.</para>
/// <para>
/// Frame t goes out once every channel has a sample ≥ t, or once the clock passes t + latency budget. A
/// channel that has never produced a sample, or whose newest sample is already older than its max age,
/// does not hold frames back: waiting cannot make it fresh, and a dead sensor must not delay every frame.
/// </para>
/// <para>
/// Bus threads publish into one ring per channel, each under its own lock, so publishers never contend with
/// each other, only briefly with the timer thread that builds the frame. Frame building reuses one buffer:
/// nothing is allocated per sample or per frame. <see cref="Poll"/> must be called from one thread.
/// </para>
/// </remarks>
public sealed class Aligner : ISampleSink
{
    private readonly AlignedChannel[] _channels;
    private readonly ChannelRing[] _rings;
    private readonly ChannelSyncStatistics[] _statistics;
    private readonly int[] _indexOfChannel;
    private readonly long[] _maxAgeNs;
    private readonly FrameValue[] _frame;
    private readonly IClock _clock;
    private readonly long _periodNs;
    private readonly long _budgetNs;
    private readonly long _maxBacklogNs;
    private readonly long _pollIntervalNs;
    private readonly Lock _consumersGate = new();
    private IFrameConsumer[] _consumers = [];
    private long _nextFrameNs = long.MinValue;
    private int _lastBlocking;

    public Aligner(IReadOnlyList<AlignedChannel> channels, IClock clock, AlignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new AlignerOptions();
        if (!(options.FrameRateHz > 0) || options.LatencyBudget < TimeSpan.Zero || options.MaxBacklog <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Aligner: FrameRateHz and MaxBacklog must be positive, LatencyBudget not negative.");
        }

        _clock = clock;
        _channels = [.. channels];
        _periodNs = (long)Math.Round(1e9 / options.FrameRateHz);
        _budgetNs = options.LatencyBudget.Ticks * 100;
        _maxBacklogNs = options.MaxBacklog.Ticks * 100;
        _pollIntervalNs = options.PollInterval > TimeSpan.Zero ? options.PollInterval.Ticks * 100 : Math.Max(1, _periodNs / 4);

        var maxChannel = 0;
        foreach (var c in _channels)
        {
            if (c.Channel < 0 || !(c.RateHz > 0) || c.MaxAge <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), $"Aligned channel {c.Channel}: channel id must be ≥ 0, RateHz and MaxAge positive.");
            }

            maxChannel = Math.Max(maxChannel, c.Channel);
        }

        _indexOfChannel = new int[maxChannel + 1];
        Array.Fill(_indexOfChannel, -1);
        _rings = new ChannelRing[_channels.Length];
        _statistics = new ChannelSyncStatistics[_channels.Length];
        _maxAgeNs = new long[_channels.Length];
        _frame = new FrameValue[_channels.Length];
        var historySeconds = (options.MaxBacklog + options.LatencyBudget).TotalSeconds + (2.0 / options.FrameRateHz);
        for (var i = 0; i < _channels.Length; i++)
        {
            var c = _channels[i];
            if (_indexOfChannel[c.Channel] >= 0)
            {
                throw new ArgumentException($"Aligned channel {c.Channel} is configured twice.", nameof(channels));
            }

            _indexOfChannel[c.Channel] = i;
            // Half again the nominal count absorbs bursts (device FIFOs deliver several samples at once).
            _rings[i] = new ChannelRing((int)Math.Min(1 << 20, Math.Ceiling(c.RateHz * historySeconds * 1.5) + 4));
            _statistics[i] = new ChannelSyncStatistics(_rings[i].Gate, c.RateHz);
            _maxAgeNs[i] = c.MaxAge.Ticks * 100;
        }
    }

    public IReadOnlyList<AlignedChannel> Channels => _channels;

    public long FramePeriodNs => _periodNs;

    public FrameStatistics Frames { get; } = new();

    /// <summary>Sync quality of the channel at <paramref name="index"/> in <see cref="Channels"/>.</summary>
    public ChannelSyncStatistics Statistics(int index) => _statistics[index];

    /// <summary>
    /// Adds a frame consumer, at any time: subsystems started after the timer thread attach themselves too.
    /// The list is copied on write, so the timer thread never sees it half-built.
    /// </summary>
    public void AddConsumer(IFrameConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_consumersGate)
        {
            Volatile.Write(ref _consumers, [.. _consumers, consumer]);
        }
    }

    /// <summary>
    /// Detaches a consumer (a subsystem that stops while the twin runs on); false if it was not attached. A frame
    /// the timer thread is emitting at that moment may still reach it once: stop depending on it only after that.
    /// </summary>
    public bool RemoveConsumer(IFrameConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_consumersGate)
        {
            var index = Array.IndexOf(_consumers, consumer);
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _consumers, [.. _consumers.AsSpan(0, index), .. _consumers.AsSpan(index + 1)]);
            return true;
        }
    }

    public void Publish(ReadOnlySpan<Sample> samples)
    {
        foreach (ref readonly var sample in samples)
        {
            if ((uint)sample.Channel >= (uint)_indexOfChannel.Length)
            {
                continue;
            }

            var index = _indexOfChannel[sample.Channel];
            if (index < 0)
            {
                continue;
            }

            var ring = _rings[index];
            lock (ring.Gate)
            {
                if (ring.TryAppend(sample))
                {
                    _statistics[index].RecordSample(sample.TimestampNs);
                }
                else
                {
                    _statistics[index].RecordRejected();
                }
            }
        }
    }

    /// <summary>Emits every frame that is due at <paramref name="nowUtcNs"/>; returns how many.</summary>
    public int Poll(long nowUtcNs)
    {
        if (_nextFrameNs == long.MinValue)
        {
            _nextFrameNs = CeilToGrid(nowUtcNs);
        }

        if (nowUtcNs - _nextFrameNs > _budgetNs + _maxBacklogNs)
        {
            // The timer stalled: the rings may no longer hold what those frames need, and a burst of old frames
            // would only delay the current ones. (Frames may lag the clock by the budget in normal operation.)
            var resume = CeilToGrid(nowUtcNs - _budgetNs);
            Frames.RecordSkipped((resume - _nextFrameNs) / _periodNs);
            _nextFrameNs = resume;
        }

        var emitted = 0;
        while (_nextFrameNs <= nowUtcNs)
        {
            if (nowUtcNs < _nextFrameNs + _budgetNs && !AllChannelsReady(_nextFrameNs))
            {
                break;
            }

            Emit(_nextFrameNs, nowUtcNs);
            _nextFrameNs += _periodNs;
            emitted++;
        }

        return emitted;
    }

    /// <summary>The timer loop: polls every poll interval on an absolute monotonic schedule until cancelled.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        var deadline = _clock.MonotonicNowNs;
        while (!cancellationToken.IsCancellationRequested)
        {
            deadline += _pollIntervalNs;
            _clock.SleepUntil(deadline);
            var now = _clock.MonotonicNowNs;
            if (now - deadline > _pollIntervalNs)
            {
                // Woke far too late: resume the schedule from now instead of spinning through missed polls.
                deadline = now;
            }

            Poll(_clock.ToUtcNs(now));
        }
    }

    private long CeilToGrid(long timeNs)
    {
        var floor = timeNs - (((timeNs % _periodNs) + _periodNs) % _periodNs);
        return floor == timeNs ? floor : floor + _periodNs;
    }

    // Lock-free: a stale read only delays the frame to the next poll. The channel that held back the last
    // frame is checked first, since while it is waiting it is usually the only one.
    private bool AllChannelsReady(long frameNs)
    {
        for (var k = 0; k < _rings.Length; k++)
        {
            var i = k + _lastBlocking;
            i = i >= _rings.Length ? i - _rings.Length : i;
            var newest = _rings[i].PublishedNewestTime;
            if (newest != long.MinValue && newest < frameNs && frameNs - newest <= _maxAgeNs[i])
            {
                _lastBlocking = i;
                return false;
            }
        }

        return true;
    }

    private void Emit(long frameNs, long nowUtcNs)
    {
        long minUsed = long.MaxValue, maxUsed = long.MinValue;
        var anyLate = false;
        for (var i = 0; i < _rings.Length; i++)
        {
            var ring = _rings[i];
            lock (ring.Gate)
            {
                var prev = ring.FindAtOrBefore(frameNs);
                if (prev < 0)
                {
                    _frame[i] = new FrameValue(double.NaN, Quality.WaitingForInitialData);
                    continue;
                }

                var prevNs = ring.TimeAt(prev);
                var hasNext = prev + 1 < ring.Count;
                var late = !hasNext && prevNs != frameNs;
                var newestUsedNs = prevNs;
                if (frameNs - prevNs > _maxAgeNs[i])
                {
                    _frame[i] = new FrameValue(ring.ValueAt(prev), FrameQuality.Worse(Quality.Stale, ring.QualityAt(prev)));
                    // Stale is the stronger mark; a dead channel is not counted as holding the frame back.
                    _statistics[i].RecordFrame(nowUtcNs - prevNs, stale: true, late: false);
                    continue;
                }

                if (_channels[i].Interpolation == Interpolation.Hold || prevNs == frameNs)
                {
                    _frame[i] = new FrameValue(ring.ValueAt(prev), ring.QualityAt(prev));
                }
                else if (hasNext)
                {
                    var nextNs = ring.TimeAt(prev + 1);
                    var fraction = (double)(frameNs - prevNs) / (nextNs - prevNs);
                    var a = ring.ValueAt(prev);
                    var value = a + ((ring.ValueAt(prev + 1) - a) * fraction);
                    _frame[i] = new FrameValue(value, FrameQuality.Worse(ring.QualityAt(prev), ring.QualityAt(prev + 1)));
                    newestUsedNs = nextNs;
                }
                else
                {
                    _frame[i] = new FrameValue(ring.ValueAt(prev), FrameQuality.Worse(FrameQuality.SubNormal, ring.QualityAt(prev)));
                }

                if (!_channels[i].EventDriven)
                {
                    minUsed = Math.Min(minUsed, prevNs);
                    maxUsed = Math.Max(maxUsed, newestUsedNs);
                }

                anyLate |= late;
                _statistics[i].RecordFrame(nowUtcNs - newestUsedNs, stale: false, late);
            }
        }

        Frames.RecordFrame(maxUsed >= minUsed ? maxUsed - minUsed : 0, anyLate);
        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            try
            {
                consumer.OnFrame(frameNs, _frame);
            }
            catch (Exception)
            {
                // A faulty consumer must not starve the others or stop the timer thread; counted for health.
                Frames.RecordConsumerFault();
            }
        }
    }
}
