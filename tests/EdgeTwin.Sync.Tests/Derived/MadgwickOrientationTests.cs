using EdgeTwin.Sync.Derived;

namespace EdgeTwin.Sync.Tests.Derived;

public sealed class MadgwickOrientationTests
{
    private const double Dt = 0.01;

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    public static TheoryData<double, double> Tilts => new()
    {
        { 0, 0 }, { 10, 0 }, { 30, 90 }, { 45, 200 }, { 60, 315 }, { 85, 30 }, { 120, 150 },
    };

    [Theory]
    [MemberData(nameof(Tilts))]
    public void A_static_gravity_vector_gives_its_tilt_within_half_a_degree(double tiltDeg, double azimuthDeg)
    {
        var (ax, ay, az) = Gravity(tiltDeg, azimuthDeg, 9.81);
        var filter = new MadgwickOrientation();
        for (var i = 0; i < 200; i++)
        {
            filter.Update(0, 0, 0, ax, ay, az, Dt);
        }

        Assert.Equal(tiltDeg, filter.Orientation.TiltDegrees, 0.5);
    }

    [Theory]
    [InlineData(20, 45)]
    [InlineData(50, 100)]
    public void Started_level_the_filter_converges_on_the_tilt(double tiltDeg, double azimuthDeg)
    {
        var (ax, ay, az) = Gravity(tiltDeg, azimuthDeg, 1);
        var filter = new MadgwickOrientation(beta: 0.1, initializeFromAccelerometer: false);
        filter.Update(0, 0, 0, ax, ay, az, Dt);
        Assert.True(filter.Orientation.TiltDegrees < tiltDeg / 2, "one step must not jump to the answer");

        // β = 0.1 rad/s closes 50° (0.87 rad) in under 20 s.
        for (var i = 0; i < 2000; i++)
        {
            filter.Update(0, 0, 0, ax, ay, az, Dt);
        }

        Assert.Equal(tiltDeg, filter.Orientation.TiltDegrees, 0.5);
    }

    [Fact]
    public void A_constant_rate_about_z_integrates_to_the_expected_yaw_and_leaves_the_tilt_alone()
    {
        const double rateDegPerS = 30;
        var filter = new MadgwickOrientation();
        for (var i = 0; i < 500; i++)
        {
            filter.Update(0, 0, Rad(rateDegPerS), 0, 0, 1, Dt);
        }

        // 5 s at 30 °/s = 150°.
        Assert.Equal(150, filter.Orientation.YawDegrees, 0.5);
        Assert.Equal(0, filter.Orientation.TiltDegrees, 0.1);

        for (var i = 0; i < 200; i++)
        {
            filter.Update(0, 0, Rad(rateDegPerS), 0, 0, 1, Dt);
        }

        // 210° wraps to −150°.
        Assert.Equal(-150, filter.Orientation.YawDegrees, 0.5);
    }

    [Fact]
    public void A_gyro_rotation_about_x_is_integrated_and_then_pulled_back_by_gravity()
    {
        var filter = new MadgwickOrientation(beta: 0.05);
        // 1 s at 20 °/s about x with gravity still saying level. The correction moves the quaternion at β, which
        // is an angle rate of 2β (a unit quaternion holds half the angle): 20° − 2·0.05 rad ≈ 14.27°.
        for (var i = 0; i < 100; i++)
        {
            filter.Update(Rad(20), 0, 0, 0, 0, 1, Dt);
        }

        Assert.Equal(20 - (2 * 0.05 * 180 / Math.PI), filter.Orientation.TiltDegrees, 0.3);
        for (var i = 0; i < 2000; i++)
        {
            filter.Update(0, 0, 0, 0, 0, 1, Dt);
        }

        Assert.Equal(0, filter.Orientation.TiltDegrees, 0.5);
    }

    [Fact]
    public void Updating_allocates_nothing()
    {
        var filter = new MadgwickOrientation();
        filter.Update(0.1, 0.2, 0.3, 0, 0.5, 1, Dt);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            filter.Update(0.1, 0.2, 0.3, 0, 0.5, 1, Dt);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Gravity as the accelerometer sees it with the sensor's z axis tilted by `tilt` towards `azimuth`.
    private static (double X, double Y, double Z) Gravity(double tiltDeg, double azimuthDeg, double g) =>
        (g * Math.Sin(Rad(tiltDeg)) * Math.Cos(Rad(azimuthDeg)), g * Math.Sin(Rad(tiltDeg)) * Math.Sin(Rad(azimuthDeg)), g * Math.Cos(Rad(tiltDeg)));
}
