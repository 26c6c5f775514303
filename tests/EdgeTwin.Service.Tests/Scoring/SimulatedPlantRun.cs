using EdgeTwin.Drivers.Actuators;
using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using EdgeTwin.Service.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Service.Tests.Scoring;

/// <summary>
/// The simulated plant, its drivers and bus samplers, the twin pipeline and scoring, all on a
/// <see cref="ManualClock"/>: the samplers are stepped in simulated time, the machine cycle is played through
/// the actuators as the gateway's cycle service does, and the twin's aligner (which scoring reads) is polled every
/// other millisecond.
/// </summary>
internal sealed class SimulatedPlantRun : IDisposable
{
    private readonly Gateway _gateway;
    private readonly IReadOnlyList<CycleStep> _cycle;
    private readonly long _startNs;
    private CycleStep? _current;
    private long _steps;

    public SimulatedPlantRun(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var (config, _, source) = ConfigLoader.Load(RepositoryPaths.DefaultConfig, overrides);
        Config = config;
        Clock = new ManualClock();
        _gateway = GatewayBuilder.Build(config, Clock, NullLoggerFactory.Instance);
        Runtime = ScoringRuntime.Create(config, _gateway.Aligner, _gateway.Pipeline, source);
        Runtime.Attach();
        foreach (var sampler in _gateway.Samplers)
        {
            sampler.Prepare();
        }

        _cycle = config.Simulation.Cycle;
        _startNs = Clock.MonotonicNowNs;
    }

    /// <summary>Poll the aligner every this many sampler steps (ms); the gateway polls once per frame period (10 ms).</summary>
    public int PollEvery { get; set; } = 2;

    public GatewayConfig Config { get; }

    public Gateway Gateway => _gateway;

    public ManualClock Clock { get; }

    public ScoringRuntime Runtime { get; }

    public List<(double Seconds, AlertEvent Alert)> Alerts { get; } = [];

    public double ElapsedSeconds => (Clock.MonotonicNowNs - _startNs) / 1e9;

    /// <summary>Runs the plant until <paramref name="seconds"/> of simulated time have passed since the start.</summary>
    public void RunUntil(double seconds, Func<bool>? stop = null)
    {
        var endNs = _startNs + (long)(seconds * 1e9);
        while (Clock.MonotonicNowNs < endNs)
        {
            PlayCycle();
            foreach (var sampler in _gateway.Samplers)
            {
                sampler.Step();
            }

            if (++_steps % PollEvery == 0)
            {
                Runtime.Aligner.Poll(Clock.UtcNowNs);
            }

            while (Runtime.Scoring.Alerts.TryRead(out var alert))
            {
                Alerts.Add(((alert.TimeNs - Clock.ToUtcNs(_startNs)) / 1e9, alert));
            }

            if (stop?.Invoke() == true)
            {
                return;
            }
        }
    }

    public void Dispose() => Runtime.Dispose();

    private void PlayCycle()
    {
        var length = _cycle.Sum(s => s.Duration.Ticks);
        var into = (Clock.MonotonicNowNs - _startNs) / 100 % length;
        var step = _cycle[^1];
        foreach (var s in _cycle)
        {
            if (into < s.Duration.Ticks)
            {
                step = s;
                break;
            }

            into -= s.Duration.Ticks;
        }

        if (ReferenceEquals(step, _current))
        {
            return;
        }

        _current = step;
        _gateway.Actuators.Values.FirstOrDefault(a => a.Actuator is DigitalActuator)?.Write(step.Brake ? 1 : 0);
        _gateway.Actuators.Values.First(a => a.Actuator is SpeedReferenceActuator).Write(step.SpeedRpm);
    }
}
