using EdgeTwin.Service.Composition;
using EdgeTwin.Service.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>
/// Plays the simulated machine's work cycle (speed steps, brake phases) through the configured actuators —
/// the same path an operator's or a PLC's commands take — so the simulated plant has something to do.
/// </summary>
internal sealed class MachineCycleService(Gateway gateway, ILogger<MachineCycleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cycle = gateway.Config.Simulation.Cycle;
        var speed = gateway.Actuators.Values.FirstOrDefault(a => a.Actuator is Drivers.Actuators.SpeedReferenceActuator);
        var brake = gateway.Actuators.Values.FirstOrDefault(a => a.Actuator is Drivers.Actuators.DigitalActuator);
        if (gateway.Plant is null || cycle.Count == 0 || speed is null)
        {
            return;
        }

        var length = cycle.Sum(s => s.Duration.Ticks);
        var start = gateway.Clock.MonotonicNowNs;
        CycleStep? current = null;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            var intoCycle = (gateway.Clock.MonotonicNowNs - start) / 100 % length;
            var step = StepAt(cycle, intoCycle);
            if (!ReferenceEquals(step, current))
            {
                current = step;
                brake?.Write(step.Brake ? 1 : 0);
                speed.Write(step.SpeedRpm);
                logger.LogInformation("Machine cycle: speed {Speed} rpm, brake {Brake}", step.SpeedRpm, step.Brake ? "on" : "off");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static CycleStep StepAt(IReadOnlyList<CycleStep> cycle, long ticksIntoCycle)
    {
        foreach (var step in cycle)
        {
            if (ticksIntoCycle < step.Duration.Ticks)
            {
                return step;
            }

            ticksIntoCycle -= step.Duration.Ticks;
        }

        return cycle[^1];
    }
}
