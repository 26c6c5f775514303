using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Pwm;

internal enum PwmAttribute
{
    Period,
    DutyCycle,
    Enable,
}

public enum PwmPolarity
{
    Normal,
    Inversed,
}

/// <summary>The attribute files of one exported channel, <c>pwmchipN/pwmM/</c> (Documentation/driver-api/pwm.rst).</summary>
internal interface IPwmChannelFiles
{
    string Directory { get; }

    long Read(PwmAttribute attribute);

    void Write(PwmAttribute attribute, long value);

    void WritePolarity(PwmPolarity polarity);
}

internal sealed class PwmChannelFiles : IPwmChannelFiles
{
    private readonly SysfsFile _period;
    private readonly SysfsFile _dutyCycle;
    private readonly SysfsFile _enable;
    private readonly SysfsFile _polarity;

    public PwmChannelFiles(string directory)
    {
        Directory = directory;
        _period = new SysfsFile(Path.Combine(directory, "period"), DeviceKind.Pwm);
        _dutyCycle = new SysfsFile(Path.Combine(directory, "duty_cycle"), DeviceKind.Pwm);
        _enable = new SysfsFile(Path.Combine(directory, "enable"), DeviceKind.Pwm);
        _polarity = new SysfsFile(Path.Combine(directory, "polarity"), DeviceKind.Pwm);
    }

    public string Directory { get; }

    public long Read(PwmAttribute attribute) => File(attribute).ReadInt64();

    public void Write(PwmAttribute attribute, long value) => File(attribute).Write(value);

    public void WritePolarity(PwmPolarity polarity) =>
        _polarity.Write(polarity == PwmPolarity.Inversed ? "inversed"u8 : "normal"u8);

    private SysfsFile File(PwmAttribute attribute) => attribute switch
    {
        PwmAttribute.Period => _period,
        PwmAttribute.DutyCycle => _dutyCycle,
        _ => _enable,
    };
}
