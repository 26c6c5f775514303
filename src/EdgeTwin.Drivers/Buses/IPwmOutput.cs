namespace EdgeTwin.Drivers.Buses;

/// <summary>A PWM channel (sysfs <c>/sys/class/pwm</c>, a PCA9685 channel, or a simulated one).</summary>
public interface IPwmOutput
{
    string Name { get; }

    long PeriodNs { get; }

    /// <summary>Sets the duty cycle as a fraction 0..1 of the period.</summary>
    void SetDutyCycle(double fraction);

    double DutyCycle { get; }
}
