using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Pwm.Pca9685;

/// <summary>One output of a <see cref="Pca9685"/>; the duty cycle is quantised to 1/4096 of the period.</summary>
internal sealed class Pca9685Channel(Pca9685 controller, int channel) : IPwmOutput
{
    private double _duty;

    public string Name => $"{controller.Name}/{channel}";

    public long PeriodNs => controller.PeriodNs;

    public double DutyCycle => Volatile.Read(ref _duty);

    public void SetDutyCycle(double fraction)
    {
        if (!double.IsFinite(fraction) || fraction < 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "duty cycle must be within 0..1");
        }

        var counts = (int)Math.Round(fraction * Pca9685.Steps);
        controller.WriteChannel(channel, counts);
        Volatile.Write(ref _duty, counts / (double)Pca9685.Steps);
    }
}
