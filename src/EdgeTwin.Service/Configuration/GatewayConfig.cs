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
    UplinkSettings Uplink)
{
    /// <summary>The twin's frame rate, latency budget and in-memory history (<c>Twin</c> section).</summary>
    public TwinSettings Twin { get; init; } = TwinSettings.Default;

    /// <summary>Orientation, vibration and temperature-trend states (<c>Derived</c> section, beside the encoders).</summary>
    public DerivedSettings Derived { get; init; } = DerivedSettings.None;

    /// <summary>Local anomaly scoring, health and time-to-limit (<c>Scoring</c> section, docs/scoring.md).</summary>
    public ScoringSettings Scoring { get; init; } = ScoringSettings.Disabled;

    /// <summary>The OPC UA server (<c>OpcUa</c> section, docs/opcua.md).</summary>
    public OpcUaSettings OpcUa { get; init; } = OpcUaSettings.Default;
}

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
    CalibrationSettings? Calibration)
{
    /// <summary>Line settings of a UART device (<see cref="DeviceSettings.Bus"/> is the port path).</summary>
    public Drivers.Linux.Serial.SerialSettings? Serial { get; init; }

    /// <summary>The id of a 1-Wire sensor (28-xxxxxxxxxxxx); <see cref="DeviceSettings.Bus"/> is "w1".</summary>
    public string? SensorId { get; init; }

    /// <summary>The encoder lines of a GPIO device; <see cref="DeviceSettings.Bus"/> is the chip.</summary>
    public GpioLineNames? Lines { get; init; }

    /// <summary>Bus polling rate of a FIFO-read device (Options:FifoPollHz); null when read once per sample.</summary>
    public double? PollRateHz { get; init; }

    /// <summary>How often the bus is read for this device: the FIFO poll rate, else the sample rate.</summary>
    public double ReadRateHz => PollRateHz ?? RateHz;
}

/// <summary>A device channel published to the twin. <see cref="Index"/> is its position in the driver's channel list.</summary>
public sealed record ChannelSettings(string Name, int Index, string TwinPath, string NativeUnit, string Unit, double Min, double Max);

public sealed record CalibrationSettings(int[] ChannelIndices, double[] Bias, double[,] Scale);

/// <summary>Position, velocity and (when <see cref="AccelerationPath"/> is set) acceleration derived from an encoder's count channel.</summary>
public sealed record EncoderSettings(string Name, string Source, double CountsPerRevolution, string PositionPath, string VelocityPath, TimeSpan Window,
    string? AccelerationPath, TimeSpan AccelerationWindow);

public enum ActuatorKind
{
    SpeedReference,
    Digital,

    /// <summary>An RC servo on a PCA9685 channel, in degrees.</summary>
    Servo,

    /// <summary>A PWM output on a PCA9685 channel, in percent duty cycle.</summary>
    Pwm,
}

public sealed record ActuatorSettings(string Name, ActuatorKind Kind, string TwinPath, double MaxRpm, double InitialValue, double SafeValue, string Output)
{
    /// <summary>The PCA9685 channel of a servo or pwm actuator.</summary>
    public Pca9685Output? Pca9685 { get; init; }
}

/// <summary>
/// The durable sample store. <see cref="Directory"/> is the folder of <c>Store:Path</c> (the file <c>store.db</c>); it
/// holds <c>store.db</c>, its tail log, <c>events.db</c> and the lock.
/// </summary>
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
    double ReplaySamplesPerSecond,
    UplinkTlsSettings? Tls = null,
    UplinkFormat Format = UplinkFormat.Json,
    SparkplugSettings? Sparkplug = null);

/// <summary>The uplink's payloads: JSON per channel (docs/uplink.md) or Sparkplug B 3.0 (docs/sparkplug.md).</summary>
public enum UplinkFormat
{
    Json,
    Sparkplug,
}

/// <summary>The Sparkplug B identity of the gateway; <see cref="PrimaryHostId"/> gates publishing on the host's STATE.</summary>
public sealed record SparkplugSettings(string GroupId, string EdgeNodeId, string? PrimaryHostId);

/// <summary>TLS of an <c>mqtts://</c> broker: PEM files, checked to exist and parse when the configuration loads.</summary>
public sealed record UplinkTlsSettings(string? CaFile, string? ClientCertificate, string? ClientKey);
