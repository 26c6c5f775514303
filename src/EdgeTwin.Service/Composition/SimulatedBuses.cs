using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Drivers.Time;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>
/// Places a configured device's simulator on the simulated plant and builds its real driver on top, through the
/// same bus interfaces the hardware path uses: I2C/SPI buses, a UART port, a w1_slave file, GPIO edge lines.
/// </summary>
internal static class SimulatedBuses
{
    public static ISampledDevice Open(DeviceSettings device, SimulatedPlant plant, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(plant);
        var type = device.Type;
        object endpoint;
        switch (type.Bus)
        {
            case BusKind.I2c:
                type.AttachSimulator(plant, device.Bus, device.Address, device.Options);
                endpoint = plant.OpenI2c(device.Bus, device.Address);
                break;
            case BusKind.Spi:
                type.AttachSimulator(plant, device.Bus, device.Address, device.Options);
                endpoint = plant.OpenSpi(device.Bus, device.Address);
                break;
            default:
                var key = EndpointKey(device);
                type.AttachSimulator(plant, key, 0, device.Options);
                endpoint = plant.OpenEndpoint(key);
                break;
        }

        return type.Create(endpoint, device.Options, device.RateHz, clock);
    }

    /// <summary>The plant's key for a non-addressed device: the port path, the 1-Wire id, or chip/line A.</summary>
    public static string EndpointKey(DeviceSettings device) => device.Type.Bus switch
    {
        BusKind.OneWire => device.SensorId ?? "",
        BusKind.Gpio => $"{device.Bus}/{device.Lines?.A}",
        _ => device.Bus,
    };
}
