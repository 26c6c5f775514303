using EdgeTwin.Service.Composition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeTwin.Service.Hosting;

/// <summary>Starts one sampling thread per bus, and stops them on shutdown.</summary>
internal sealed class AcquisitionService(Gateway gateway, ILogger<AcquisitionService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var sampler in gateway.Samplers)
        {
            sampler.Start();
            logger.LogInformation("Sampling bus {Bus}: {Devices}", sampler.BusName,
                string.Join(", ", sampler.Devices.Select(d => $"{d.Name} at {d.RateHz:0.##} Hz")));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var sampler in gateway.Samplers)
        {
            sampler.Stop();
        }

        logger.LogInformation("Acquisition stopped");
        return Task.CompletedTask;
    }
}
