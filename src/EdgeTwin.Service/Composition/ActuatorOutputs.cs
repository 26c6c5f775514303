using EdgeTwin.Drivers.Actuators;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Devices.Pwm.Pca9685;
using EdgeTwin.Drivers.Simulation;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Composition;

/// <summary>Opens the output behind a configured actuator: on the hardware, or on the simulated plant.</summary>
internal static class ActuatorOutputs
{
    public static IActuator Open(ActuatorSettings settings, SimulatedPlant? plant) => settings.Kind switch
    {
        ActuatorKind.SpeedReference => new SpeedReferenceActuator(
            plant is not null ? plant.SpeedReference : HardwareBuses.OpenPwm(settings.Output), settings.MaxRpm),
        ActuatorKind.Digital => new DigitalActuator(plant is not null ? plant.Brake : HardwareBuses.OpenGpioOutput(settings.Output)),
        ActuatorKind.Servo => new ServoActuator(new Servo(
            Pca9685Channel(settings, plant), settings.Pca9685!.MinPulseUs, settings.Pca9685.MaxPulseUs, settings.Pca9685.TravelDegrees)),
        _ => new DutyCycleActuator(Pca9685Channel(settings, plant)),
    };

    private static IPwmOutput Pca9685Channel(ActuatorSettings settings, SimulatedPlant? plant)
    {
        var output = settings.Pca9685 ?? throw new InvalidOperationException($"actuator '{settings.Name}' has no PCA9685 output");
        var controller = plant is null ? HardwareBuses.OpenPca9685(output) : SimulatedController(plant, output);
        return controller.Channel(output.Channel);
    }

    /// <summary>One PCA9685 simulator and driver per address, shared by every actuator on that chip.</summary>
    private static Pca9685 SimulatedController(SimulatedPlant plant, Pca9685Output output)
    {
        var key = $"pca9685:{output.ControllerKey}";
        lock (plant)
        {
            if (plant.Endpoint<Pca9685>(key) is { } existing)
            {
                return existing;
            }

            plant.AttachI2c(output.Bus, output.Address, _ => new Pca9685Simulator());
            var controller = new Pca9685(plant.OpenI2c(output.Bus, output.Address), output.FrequencyHz);
            controller.Initialize();
            plant.AttachEndpoint(key, _ => controller);
            return controller;
        }
    }
}
