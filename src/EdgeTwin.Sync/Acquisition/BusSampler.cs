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
            TryInitialize(s, now);

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
            Sample(s, _clock.MonotonicNowNs);
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

    private void Sample(Schedule s, long now)
    {
        var device = s.Device;
        if (!s.Initialized && !TryInitialize(s, now))
        {
            PublishFailure(s, now, Quality.DeviceFailure);
            return;
        }

        long before = now, after;
        try
        {
            device.Driver.Read(s.Values, s.Qualities);
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

        device.Calibration?.Apply(s.Values);

        // The sample is stamped at the middle of the bus transaction.
        var timestamp = _clock.ToUtcNs(before + (after - before) / 2);
        var count = 0;
        for (var i = 0; i < s.Values.Length; i++)
        {
            var id = device.ChannelIds[i];
            if (id < 0)
            {
                continue;
            }

            var value = device.Conversions[i].Apply(s.Values[i]);
            var quality = s.Qualities[i];
            if (quality.IsGood && !device.Ranges[i].Contains(value))
            {
                quality = Quality.OutOfRange;
            }

            s.Output[count++] = new Sample(id, timestamp, value, quality);
        }

        _sink.Publish(s.Output.AsSpan(0, count));
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

    private bool TryInitialize(Schedule s, long now)
    {
        if (now - s.LastInitAttemptNs < ReinitializeAfterNs && s.LastInitAttemptNs != long.MinValue)
        {
            return false;
        }

        s.LastInitAttemptNs = now;
        try
        {
            s.Device.Driver.Initialize();
            s.Initialized = true;
            s.ConsecutiveErrors = 0;
            s.Device.Statistics.ClearError();
            return true;
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

            return false;
        }
    }

    /// <summary>Per-device loop state and preallocated buffers: nothing is allocated per read.</summary>
    private sealed class Schedule(SampledDevice device)
    {
        public SampledDevice Device { get; } = device;
        public long PeriodNs { get; } = device.PeriodNs;
        public double[] Values { get; } = new double[device.Driver.Channels.Count];
        public Quality[] Qualities { get; } = new Quality[device.Driver.Channels.Count];
        public Sample[] Output { get; } = new Sample[device.Driver.Channels.Count];
        public long NextDeadlineNs { get; set; }
        public bool Initialized { get; set; }
        public long LastInitAttemptNs { get; set; } = long.MinValue;
        public int ConsecutiveErrors { get; set; }
        public int FailedInitializations { get; set; }
    }
}
