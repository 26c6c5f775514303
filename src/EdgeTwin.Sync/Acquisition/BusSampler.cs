using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Samples;
using EdgeTwin.Drivers.Time;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Sync.Acquisition;

/// <summary>
/// One thread per bus: a bus serializes its transactions anyway, so its devices are read in turn on a single
/// thread, each at its own rate, on absolute deadlines.
/// </summary>
/// <remarks>
/// Deadlines live on a fixed grid, deadline_k = phase + k·period, and are never recomputed from the time a
/// read happened, so lateness never accumulates into drift. A wake-up later than a whole period skips the
/// missed grid points and counts them as missed periods rather than reading in a burst. The thread sleeps in
/// clock_nanosleep(TIMER_ABSTIME) between deadlines: no busy-waiting.
/// </remarks>
public sealed class BusSampler : IDisposable
{
    private static readonly long ReinitializeAfterNs = 1_000_000_000;

    private readonly IClock _clock;
    private readonly ISampleSink _sink;
    private readonly ILogger _logger;
    private readonly Schedule[] _schedules;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _lastLoopNs;

    public BusSampler(string busName, IClock clock, IReadOnlyList<SampledDevice> devices, ISampleSink sink, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(devices);
        BusName = busName;
        _clock = clock;
        _sink = sink;
        _logger = logger;
        _schedules = devices.Select(d => new Schedule(d)).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = $"bus {busName}" };
    }

    public string BusName { get; }

    public IReadOnlyList<SampledDevice> Devices => _schedules.Select(s => s.Device).ToArray();

    /// <summary>Monotonic time of the last completed loop pass; the watchdog uses it to tell a hung bus.</summary>
    public long LastLoopMonotonicNs => Interlocked.Read(ref _lastLoopNs);

    public bool IsRunning => _thread.IsAlive;

    /// <summary>Initializes every device (failures are logged and retried later) and places the first deadlines.</summary>
    public void Prepare()
    {
        var now = _clock.MonotonicNowNs;
        foreach (var s in _schedules)
        {
            if (TryInitialize(s, now) == Initialization.Failed)
            {
                PublishFailure(s, now, Quality.DeviceFailure);
            }

            // Phase-align each device to its own period so devices at equal rates are read back to back.
            s.NextDeadlineNs = (now / s.PeriodNs + 1) * s.PeriodNs;
        }

        Interlocked.Exchange(ref _lastLoopNs, now);
    }

    public void Start()
    {
        Prepare();
        _thread.Start();
    }

    public void Stop()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    public void Dispose() => Stop();

    /// <summary>
    /// One pass: sleep until the earliest deadline, then read every device that is due. Public so tests can
    /// drive the loop step by step with a fake clock.
    /// </summary>
    public void Step()
    {
        var next = long.MaxValue;
        foreach (var s in _schedules)
        {
            next = Math.Min(next, s.NextDeadlineNs);
        }

        _clock.SleepUntil(next);

        foreach (var s in _schedules)
        {
            var now = _clock.MonotonicNowNs;
            if (s.NextDeadlineNs > now)
            {
                continue;
            }

            var lateness = now - s.NextDeadlineNs;
            if (lateness >= s.PeriodNs)
            {
                var missed = lateness / s.PeriodNs;
                s.Device.Statistics.RecordMissed(missed);
                s.NextDeadlineNs += missed * s.PeriodNs;
                lateness -= missed * s.PeriodNs;
            }

            s.Device.Statistics.RecordRead(lateness);
            Sample(s, now);
            s.NextDeadlineNs += s.PeriodNs;
        }

        Interlocked.Exchange(ref _lastLoopNs, _clock.MonotonicNowNs);
    }

    /// <summary>Reads every device once, now, regardless of deadlines (the <c>devices</c> command's live reading).</summary>
    public void ReadAllNow()
    {
        foreach (var s in _schedules)
        {
            Sample(s, _clock.MonotonicNowNs, single: true);
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            try
            {
                Step();
            }
            catch (Exception ex)
            {
                // A bug in a driver or sink must not kill acquisition of the whole bus.
                _logger.LogError(ex, "Acquisition on bus {Bus} failed unexpectedly; continuing", BusName);
                Thread.Sleep(100);
            }
        }
    }

    /// <param name="single">Read one fresh sample even from a batched device (a live reading, not the FIFO).</param>
    private void Sample(Schedule s, long now, bool single = false)
    {
        var device = s.Device;
        if (!s.Initialized)
        {
            // One Bad sample per failed attempt (once a second), not one per period: a missing 1 kHz IMU must
            // not write a thousand failure samples a second into the twin and the store.
            var result = TryInitialize(s, now);
            if (result == Initialization.Failed)
            {
                PublishFailure(s, now, Quality.DeviceFailure);
            }

            if (result != Initialization.Ready)
            {
                return;
            }
        }

        long before = now, after;
        var frames = 0;
        try
        {
            if (s.Batched is { } batched && !single)
            {
                var overflows = batched.Overflows;
                frames = batched.ReadBatch(s.Timestamps, s.Values, s.Qualities);
                if (batched.Overflows != overflows)
                {
                    device.Statistics.RecordOverflows(batched.Overflows - overflows);
                    PublishFailure(s, now, Quality.DataLost);
                }
            }
            else
            {
                device.Driver.Read(s.Values, s.Qualities);
            }

            after = _clock.MonotonicNowNs;
            s.ConsecutiveErrors = 0;
        }
        catch (Exception ex) when (ex is IOException)
        {
            device.Statistics.RecordError(ex.Message);
            if (++s.ConsecutiveErrors == 1)
            {
                _logger.LogWarning("{Device}: read failed: {Error}", device.Name, ex.Message);
            }

            // A device that keeps failing may have been reset or re-plugged: re-initialize it after a second.
            if (s.ConsecutiveErrors * s.PeriodNs >= ReinitializeAfterNs)
            {
                s.Initialized = false;
            }

            PublishFailure(s, now, ex is BusException ? Quality.CommunicationError : Quality.DeviceFailure);
            return;
        }

        if (s.Batched is null || single)
        {
            // The sample is stamped at the middle of the bus transaction.
            var count = Convert(s, s.Values.AsSpan(0, s.ChannelCount), s.Qualities.AsSpan(0, s.ChannelCount), _clock.ToUtcNs(before + (after - before) / 2), s.Output);
            device.Statistics.RecordSamples(1);
            _sink.Publish(s.Output.AsSpan(0, count));
            return;
        }

        // A batch: each frame carries the time the chip sampled it, reconstructed by the driver.
        var channels = s.ChannelCount;
        var published = 0;
        for (var f = 0; f < frames; f++)
        {
            published += Convert(
                s,
                s.Values.AsSpan(f * channels, channels),
                s.Qualities.AsSpan(f * channels, channels),
                _clock.ToUtcNs(s.Timestamps[f]),
                s.Output.AsSpan(published));
        }

        device.Statistics.RecordSamples(frames);
        if (published > 0)
        {
            _sink.Publish(s.Output.AsSpan(0, published));
        }
    }

    /// <summary>Calibrates, converts and range-checks one frame into samples; returns how many were written.</summary>
    private static int Convert(Schedule s, Span<double> values, ReadOnlySpan<Quality> qualities, long timestamp, Span<Sample> output)
    {
        var device = s.Device;
        device.Calibration?.Apply(values);
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var id = device.ChannelIds[i];
            if (id < 0)
            {
                continue;
            }

            var value = device.Conversions[i].Apply(values[i]);
            var quality = qualities[i];
            if (quality.IsGood && !device.Ranges[i].Contains(value))
            {
                quality = Quality.OutOfRange;
            }

            output[count++] = new Sample(id, timestamp, value, quality);
        }

        return count;
    }

    private void PublishFailure(Schedule s, long now, Quality quality)
    {
        var timestamp = _clock.ToUtcNs(now);
        var count = 0;
        foreach (var id in s.Device.ChannelIds)
        {
            if (id >= 0)
            {
                s.Output[count++] = new Sample(id, timestamp, double.NaN, quality);
            }
        }

        _sink.Publish(s.Output.AsSpan(0, count));
    }

    private Initialization TryInitialize(Schedule s, long now)
    {
        if (now - s.LastInitAttemptNs < ReinitializeAfterNs && s.LastInitAttemptNs != long.MinValue)
        {
            return Initialization.NotDue;
        }

        s.LastInitAttemptNs = now;
        try
        {
            s.Device.Driver.Initialize();
            s.Initialized = true;
            s.ConsecutiveErrors = 0;
            s.Device.Statistics.ClearError();
            return Initialization.Ready;
        }
        catch (Exception ex) when (ex is IOException)
        {
            // Logged on the first failure, on a new error, and then once a minute: an unplugged sensor on an
            // unattended gateway must not flood the journal.
            var changed = !string.Equals(s.Device.Statistics.LastError, ex.Message, StringComparison.Ordinal);
            s.Device.Statistics.RecordError(ex.Message);
            if (changed || ++s.FailedInitializations % 60 == 0)
            {
                _logger.LogError("{Device}: initialization failed, retrying every second: {Error}", s.Device.Name, ex.Message);
            }

            return Initialization.Failed;
        }
    }

    /// <summary>Per-device loop state and preallocated buffers: nothing is allocated per read.</summary>
    private sealed class Schedule(SampledDevice device)
    {
        public SampledDevice Device { get; } = device;
        public long PeriodNs { get; } = device.PeriodNs;

        /// <summary>Set when the device is batched and configured to be polled for batches.</summary>
        public IBatchedDevice? Batched { get; } = device.PollRateHz is not null ? device.Driver as IBatchedDevice : null;
        public int ChannelCount { get; } = device.Driver.Channels.Count;
        public long[] Timestamps { get; } = new long[Frames(device)];
        public double[] Values { get; } = new double[Frames(device) * device.Driver.Channels.Count];
        public Quality[] Qualities { get; } = new Quality[Frames(device) * device.Driver.Channels.Count];
        public Sample[] Output { get; } = new Sample[Frames(device) * device.Driver.Channels.Count];
        public long NextDeadlineNs { get; set; }
        public bool Initialized { get; set; }
        public long LastInitAttemptNs { get; set; } = long.MinValue;
        public int ConsecutiveErrors { get; set; }
        public int FailedInitializations { get; set; }

        private static int Frames(SampledDevice device) =>
            device.PollRateHz is not null && device.Driver is IBatchedDevice b ? b.MaxFramesPerBatch : 1;
    }

    private enum Initialization
    {
        Ready,
        NotDue,
        Failed,
    }
}
