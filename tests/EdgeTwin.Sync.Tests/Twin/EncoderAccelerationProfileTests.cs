using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Twin;

namespace EdgeTwin.Sync.Tests.Twin;

/// <summary>Position, velocity and acceleration from a quantized encoder count with a known motion profile.</summary>
public sealed class EncoderAccelerationProfileTests
{
    private const double Cpr = 4096;

    [Fact]
    public void A_trapezoidal_profile_gives_its_acceleration_cruise_and_deceleration()
    {
        // 0–1 s: +10 rev/s² (600 rpm/s) to 600 rpm; 1–2 s: cruise; 2–3 s: −10 rev/s² back to 0.
        static double Revolutions(double t) => t switch
        {
            <= 1 => 5 * t * t,
            <= 2 => 5 + (10 * (t - 1)),
            _ => 15 + (10 * (t - 2)) - (5 * (t - 2) * (t - 2)),
        };

        var k = new EncoderKinematics(0, Cpr, 1, 2, TimeSpan.FromMilliseconds(20), 1000, accelerationChannel: 3, accelerationWindow: TimeSpan.FromMilliseconds(100));
        var byPhase = new Dictionary<string, List<(double Velocity, double Acceleration)>> { ["up"] = [], ["cruise"] = [], ["down"] = [] };
        for (var i = 0; i <= 3000; i++)
        {
            var t = i / 1000.0;
            var output = k.Process(new Sample(0, i * 1_000_000L, Math.Floor(Revolutions(t) * Cpr), Quality.Good)).ToArray();
            Assert.Equal([1, 2, 3], output.Select(s => s.Channel));
            Assert.Equal(Revolutions(t), output[0].Value, 1 / Cpr);
            // Away from the corners by more than both windows, each phase has a known velocity and acceleration.
            var phase = t is > 0.2 and < 0.9 ? "up" : t is > 1.2 and < 1.9 ? "cruise" : t is > 2.2 and < 2.9 ? "down" : null;
            if (phase is not null)
            {
                byPhase[phase].Add((output[1].Value, output[2].Value));
                var expectedRpm = 60 * (t <= 1 ? 10 * (t - 0.010) : t <= 2 ? 10 : 10 - (10 * (t - 0.010 - 2)));
                Assert.Equal(expectedRpm, output[1].Value, 2.0);
            }
        }

        Assert.All(byPhase["up"], x => Assert.Equal(600, x.Acceleration, 600 * 0.02));
        Assert.All(byPhase["cruise"], x => Assert.Equal(0, x.Acceleration, 12.0));
        Assert.All(byPhase["down"], x => Assert.Equal(-600, x.Acceleration, 600 * 0.02));
    }

    [Fact]
    public void Acceleration_waits_for_two_velocities_and_goes_bad_with_the_count()
    {
        var k = new EncoderKinematics(0, Cpr, 1, 2, TimeSpan.FromMilliseconds(20), 1000, accelerationChannel: 3);
        var first = k.Process(new Sample(0, 0, 0, Quality.Good)).ToArray();
        Assert.Equal(Quality.WaitingForInitialData, first[2].Quality);
        k.Process(new Sample(0, 1_000_000, 10, Quality.Good));
        var third = k.Process(new Sample(0, 2_000_000, 20, Quality.Good)).ToArray();
        Assert.Equal(Quality.Good, third[2].Quality);
        var bad = k.Process(new Sample(0, 3_000_000, 0, Quality.CommunicationError)).ToArray();
        Assert.True(double.IsNaN(bad[2].Value));
        Assert.Equal(Quality.CommunicationError, bad[2].Quality);
    }

    [Fact]
    public void Without_an_acceleration_channel_only_position_and_velocity_are_produced()
    {
        var k = new EncoderKinematics(0, Cpr, 1, 2, TimeSpan.FromMilliseconds(20), 1000);
        Assert.Equal(2, k.Process(new Sample(0, 0, 0, Quality.Good)).Length);
    }
}
