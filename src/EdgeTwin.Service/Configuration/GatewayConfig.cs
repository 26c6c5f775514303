using EdgeTwin.Drivers.Devices;
using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Service.Configuration;

/// <summary>The validated configuration of one gateway. Built only by <see cref="GatewayConfigReader"/>.</summary>
public sealed record GatewayConfig(
    GatewaySettings Gateway,
    SimulationSettings Simulation,
    IReadOnlyList<DeviceSettings> Devices,
    IReadOnlyList<EncoderSettings> Encoders,
    IReadOnlyList<ActuatorSettings> Actuators,
    StoreSettings Store,
    UplinkSettings Uplink);

public sealed record GatewaySettings(string Name, string StateDirectory, TimeSpan StatusLogInterval);

public sealed record SimulationSettings(
    bool Enabled,
    int Seed,
    AxisPlantParameters Plant,
    PlantFaults Faults,
    IReadOnlyList<CycleStep> Cycle);

/// <summary>One step of the simulated machine's repeating work cycle.</summary>
public sealed record CycleStep(TimeSpan Duration, double SpeedRpm, bool Brake);

public sealed record DeviceSettings(
    string Name,
    DeviceType Type,
    string Bus,
    int Address,
    double RateHz,
    IReadOnlyDictionary<string, double> Options,
    IReadOnlyList<ChannelSettings> Channels,
    CalibrationSettings? Calibration);

/// <summary>A device channel published to the twin. <see cref="Index"/> is its position in the driver's channel list.</summary>
public sealed record ChannelSettings(string Name, int Index, string TwinPath, string NativeUnit, string Unit, double Min, double Max);

public sealed record CalibrationSettings(int[] ChannelIndices, double[] Bias, double[,] Scale);

/// <summary>Position and velocity derived from an encoder's count channel.</summary>
public sealed record EncoderSettings(string Name, string Source, double CountsPerRevolution, string PositionPath, string VelocityPath, TimeSpan Window);

public enum ActuatorKind
{
    SpeedReference,
    Digital,
}

public sealed record ActuatorSettings(string Name, ActuatorKind Kind, string TwinPath, double MaxRpm, double InitialValue, double SafeValue, string Output);

/// <summary>The durable sample store. <see cref="Directory"/> holds <c>store.db</c> and <c>events.db</c>.</summary>
public sealed record StoreSettings(string Directory, TimeSpan FlushInterval, long MaxBytes, TimeSpan MaxAge);

/// <summary>The MQTT uplink that forwards the store's samples (docs/uplink.md).</summary>
public sealed record UplinkSettings(
    bool Enabled,
    string Host,
    int Port,
    string ClientId,
    string? UserName,
    string? Password,
    string TopicPrefix,
    TimeSpan KeepAlive,
    double ReplaySamplesPerSecond);
