namespace EdgeTwin.Service.Configuration;

/// <summary>
/// One channel of a PCA9685 at an I2C address. Every actuator on one controller shares its frequency (PRE_SCALE
/// is chip-wide, PCA9685 data sheet §7.3.5). The pulse range and travel apply to servos only.
/// </summary>
public sealed record Pca9685Output(string Bus, int Address, int Channel, double FrequencyHz, double MinPulseUs, double MaxPulseUs, double TravelDegrees)
{
    /// <summary>The controller's identity: actuators with the same key drive the same chip.</summary>
    public string ControllerKey => $"{Bus}/0x{Address:X2}";
}
