using EdgeTwin.Drivers.Devices.Pwm.Pca9685;

namespace EdgeTwin.Drivers.Actuators;

/// <summary>An RC servo commanded in degrees over its travel (0..<see cref="Servo.TravelDegrees"/>).</summary>
public sealed class ServoActuator(Servo servo) : IActuator
{
    public string Unit => "deg";

    public double Minimum => 0;

    public double Maximum => servo.TravelDegrees;

    /// <summary>The angle the output's quantised pulse width stands for (the PCA9685 has 4096 steps per period).</summary>
    public double Value => servo.Angle;

    public void Write(double value) => servo.SetAngle(value);
}
