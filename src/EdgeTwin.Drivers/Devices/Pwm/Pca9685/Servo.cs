using EdgeTwin.Drivers.Buses;

namespace EdgeTwin.Drivers.Devices.Pwm.Pca9685;

/// <summary>
/// An RC servo on a PWM output: the angle maps linearly onto the pulse width, by default 1.0–2.0 ms over
/// 0–180°, on a 50 Hz (20 ms) frame. Angles outside the travel are refused rather than clamped, so a
/// wrong set-point is noticed instead of driving the linkage into its stop.
/// </summary>
public sealed class Servo
{
    private readonly IPwmOutput _output;

    public Servo(IPwmOutput output, double minPulseUs = 1000, double maxPulseUs = 2000, double travelDegrees = 180)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!(minPulseUs > 0 && maxPulseUs > minPulseUs && maxPulseUs * 1000 < output.PeriodNs && travelDegrees > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxPulseUs), $"pulse range {minPulseUs}–{maxPulseUs} µs must be increasing, positive and shorter than the {output.PeriodNs / 1000} µs period");
        }

        _output = output;
        MinPulseUs = minPulseUs;
        MaxPulseUs = maxPulseUs;
        TravelDegrees = travelDegrees;
    }

    public double MinPulseUs { get; }

    public double MaxPulseUs { get; }

    public double TravelDegrees { get; }

    public double PulseUsFor(double degrees) => MinPulseUs + (MaxPulseUs - MinPulseUs) * degrees / TravelDegrees;

    public void SetAngle(double degrees)
    {
        if (!double.IsFinite(degrees) || degrees < 0 || degrees > TravelDegrees)
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, $"servo angle must be within 0..{TravelDegrees}°");
        }

        _output.SetDutyCycle(PulseUsFor(degrees) * 1000 / _output.PeriodNs);
    }

    /// <summary>The angle the output's current pulse width stands for.</summary>
    public double Angle => (_output.DutyCycle * _output.PeriodNs / 1000 - MinPulseUs) / (MaxPulseUs - MinPulseUs) * TravelDegrees;
}
