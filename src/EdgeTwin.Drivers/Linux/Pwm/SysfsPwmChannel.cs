using System.Diagnostics;
using System.Globalization;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Linux.Pwm;

/// <summary>
/// A hardware PWM channel through sysfs (<c>/sys/class/pwm/pwmchipN/pwmM</c>, Documentation/driver-api/pwm.rst).
/// The kernel rejects any write that would leave duty_cycle above period, so a period change writes period first
/// when it grows past the current duty cycle and duty_cycle first otherwise.
/// </summary>
public sealed class SysfsPwmChannel : IPwmOutput
{
    public const string DefaultRoot = "/sys/class/pwm";

    private readonly IPwmChannelFiles _files;
    private long _dutyNs;

    internal SysfsPwmChannel(string name, IPwmChannelFiles files, long periodNs, PwmPolarity polarity)
    {
        Name = name;
        _files = files;
        Polarity = polarity;

        // Polarity may only change while disabled (many drivers return EBUSY otherwise); start from a known state.
        _files.Write(PwmAttribute.Enable, 0);
        PeriodNs = _files.Read(PwmAttribute.Period);
        _dutyNs = _files.Read(PwmAttribute.DutyCycle);
        _files.WritePolarity(polarity);
        SetPeriod(periodNs, 0);
    }

    public string Name { get; }

    public long PeriodNs { get; private set; }

    public PwmPolarity Polarity { get; }

    public bool Enabled { get; private set; }

    public double DutyCycle => PeriodNs == 0 ? 0 : (double)_dutyNs / PeriodNs;

    public long DutyCycleNs => _dutyNs;

    /// <summary>
    /// Exports the channel if needed (writing its number to <c>export</c> and waiting for udev to create and
    /// grant access to <c>pwmM/</c>), sets the polarity and period with a 0 duty cycle, and leaves it disabled.
    /// </summary>
    /// <exception cref="BusException">The chip is missing, the export did not appear, or the driver refused a value.</exception>
    public static SysfsPwmChannel Open(
        int chip,
        int channel,
        long periodNs,
        PwmPolarity polarity = PwmPolarity.Normal,
        string sysfsRoot = DefaultRoot,
        TimeSpan? exportTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chip);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodNs, 1);

        var chipDirectory = Path.Combine(sysfsRoot, "pwmchip" + chip.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(chipDirectory))
        {
            throw DeviceNode.Unavailable(chipDirectory, DeviceKind.Pwm, Errno.ENOENT);
        }

        var channelDirectory = Path.Combine(chipDirectory, "pwm" + channel.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(channelDirectory))
        {
            new SysfsFile(Path.Combine(chipDirectory, "export"), DeviceKind.Pwm).Write(channel);
            WaitForExport(channelDirectory, exportTimeout ?? TimeSpan.FromSeconds(2));
        }

        return new SysfsPwmChannel(channelDirectory, new PwmChannelFiles(channelDirectory), periodNs, polarity);
    }

    public void SetDutyCycle(double fraction)
    {
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "duty cycle is a fraction 0..1");
        }

        var duty = (long)Math.Round(fraction * PeriodNs);
        _files.Write(PwmAttribute.DutyCycle, duty);
        _dutyNs = duty;
    }

    /// <summary>Changes the period and keeps the duty cycle fraction.</summary>
    public void SetPeriod(long periodNs) => SetPeriod(periodNs, (long)Math.Round(DutyCycle * periodNs));

    public void Enable()
    {
        _files.Write(PwmAttribute.Enable, 1);
        Enabled = true;
    }

    public void Disable()
    {
        _files.Write(PwmAttribute.Enable, 0);
        Enabled = false;
    }

    private void SetPeriod(long periodNs, long dutyNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodNs, 1);
        if (periodNs >= _dutyNs)
        {
            _files.Write(PwmAttribute.Period, periodNs);
            PeriodNs = periodNs;
            _files.Write(PwmAttribute.DutyCycle, dutyNs);
            _dutyNs = dutyNs;
        }
        else
        {
            _files.Write(PwmAttribute.DutyCycle, dutyNs);
            _dutyNs = dutyNs;
            _files.Write(PwmAttribute.Period, periodNs);
            PeriodNs = periodNs;
        }
    }

    private static void WaitForExport(string channelDirectory, TimeSpan timeout)
    {
        // The directory appears during the export write, but udev changes its group a little later
        // (raspberrypi-sys-mods 99-com.rules): wait until the attribute can be opened for writing.
        var enable = Path.Combine(channelDirectory, "enable");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (DeviceNode.TryOpen(enable, Libc.OWrOnly, out var fd, out var errno))
            {
                fd.Dispose();
                return;
            }

            fd.Dispose();
            if (clock.Elapsed >= timeout)
            {
                throw DeviceNode.Unavailable(enable, DeviceKind.Pwm, errno);
            }

            Thread.Sleep(10);
        }
    }
}
