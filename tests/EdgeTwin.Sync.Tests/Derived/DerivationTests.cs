using EdgeTwin.Drivers.Samples;
using EdgeTwin.Sync.Alignment;
using EdgeTwin.Sync.Derived;
using EdgeTwin.Sync.Tests.Acquisition;

namespace EdgeTwin.Sync.Tests.Derived;

/// <summary>The derivations as the gateway runs them: sample streams in, decimated twin channels out.</summary>
public sealed class DerivationTests
{
    private const long Ms = 1_000_000;
    private const long T0 = 1_800_000_000_000_000_000;
    private static readonly int[] Accel = [0, 1, 2];
    private static readonly int[] Gyro = [3, 4, 5];
    private static readonly int[] Outputs = [10, 11, 12, 13, 14];

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    [Fact]
    public void Orientation_tracks_a_known_rotation_about_x_and_outputs_at_its_rate()
    {
        var derivation = new OrientationDerivation(Accel, Gyro, Outputs, beta: 0.1, outputRateHz: 50);
        var outputs = new List<Sample>();
        const double rateDeg = 20;
        for (var i = 0; i <= 2000; i++)
        {
            // Rotated by θ about x, the sensor sees gravity at (0, g·sin θ, g·cos θ); gyro and accelerometer agree.
            var theta = Rad(rateDeg * i / 1000.0);
            var t = T0 + (i * Ms);
            double[] values = [0, 9.81 * Math.Sin(theta), 9.81 * Math.Cos(theta), Rad(rateDeg), 0, 0];
            for (var axis = 0; axis < 6; axis++)
            {
                outputs.AddRange(derivation.Process(new Sample(axis, t, values[axis], Quality.Good)).ToArray());
            }
        }

        // 2 s at 50 Hz, on the 20 ms grid, five channels each.
        Assert.Equal(101 * 5, outputs.Count);
        var last = outputs.TakeLast(5).ToArray();
        Assert.Equal(T0 + (2000 * Ms), last[0].TimestampNs);
        Assert.Equal(Outputs, last.Select(s => s.Channel));
        Assert.Equal(Math.Cos(Rad(20)), last[0].Value, 0.005);
        Assert.Equal(Math.Sin(Rad(20)), last[1].Value, 0.005);
        Assert.Equal(0, last[2].Value, 0.005);
        Assert.Equal(0, last[3].Value, 0.005);
        Assert.Equal(40, last[4].Value, 0.5);
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(35, 120)]
    public void Orientation_of_a_static_tilt_is_that_tilt(double tiltDeg, double azimuthDeg)
    {
        var derivation = new OrientationDerivation(Accel, Gyro, Outputs, beta: 0.1, outputRateHz: 10);
        double[] values =
        [
            9.81 * Math.Sin(Rad(tiltDeg)) * Math.Cos(Rad(azimuthDeg)), 9.81 * Math.Sin(Rad(tiltDeg)) * Math.Sin(Rad(azimuthDeg)), 9.81 * Math.Cos(Rad(tiltDeg)), 0, 0, 0,
        ];
        var tilt = double.NaN;
        for (var i = 0; i < 1000; i++)
        {
            for (var axis = 0; axis < 6; axis++)
            {
                foreach (var s in derivation.Process(new Sample(axis, T0 + (i * Ms), values[axis], Quality.Good)))
                {
                    tilt = s.Channel == 14 ? s.Value : tilt;
                }
            }
        }

        Assert.Equal(tiltDeg, tilt, 0.5);
    }

    [Fact]
    public void Orientation_skips_a_set_with_a_bad_axis_and_an_incomplete_set()
    {
        var derivation = new OrientationDerivation(Accel, Gyro, Outputs, beta: 0, outputRateHz: 1000);
        void Set(long t, double gx, Quality gyroQuality, int axes = 6)
        {
            for (var axis = 0; axis < axes; axis++)
            {
                derivation.Process(new Sample(axis, t, axis == 2 ? 9.81 : axis == 3 ? gx : 0, axis == 3 ? gyroQuality : Quality.Good));
            }
        }

        Set(T0, 0, Quality.Good);
        // 100 sets at 90 °/s, 1 ms apart: 9° about x; then a bad gyro set and a set missing its last axis.
        for (var i = 1; i <= 100; i++)
        {
            Set(T0 + (i * Ms), Rad(90), Quality.Good);
        }

        Assert.Equal(9, derivation.Orientation.TiltDegrees, 0.05);
        Set(T0 + (101 * Ms), Rad(9000), Quality.CommunicationError);
        Set(T0 + (102 * Ms), Rad(9000), Quality.Good, axes: 5);
        Assert.Equal(9, derivation.Orientation.TiltDegrees, 0.05);
    }

    [Fact]
    public void Vibration_of_a_50_Hz_sine_at_1_kHz_has_rms_a_over_root_two_and_crest_root_two()
    {
        const double amplitude = 3;
        var derivation = new VibrationDerivation(source: 0, windowSamples: 1000, rmsChannel: 1, peakChannel: 2, crestChannel: 3, outputRateHz: 10);
        var outputs = new List<Sample>();
        for (var i = 0; i < 3000; i++)
        {
            var value = amplitude * Math.Sin(2 * Math.PI * 50 * i / 1000.0);
            outputs.AddRange(derivation.Process(new Sample(0, T0 + (i * Ms), value, Quality.Good)).ToArray());
            derivation.Process(new Sample(7, T0 + (i * Ms), 1e9, Quality.Good)); // not its source: ignored
        }

        Assert.Equal(30 * 3, outputs.Count);
        Assert.All(outputs.Take(9 * 3), s => Assert.Equal(FrameQuality.SubNormal, s.Quality));
        var last = outputs.TakeLast(3).ToArray();
        Assert.All(last, s => Assert.Equal(Quality.Good, s.Quality));
        Assert.Equal(amplitude / Math.Sqrt(2), last[0].Value, 1e-6);
        Assert.Equal(amplitude, last[1].Value, 1e-6);
        Assert.Equal(Math.Sqrt(2), last[2].Value, 1e-6);
    }

    [Fact]
    public void Temperature_trend_of_a_ramp_is_its_slope_per_minute()
    {
        var derivation = new TemperatureTrendDerivation(source: 4, window: TimeSpan.FromSeconds(30), sourceRateHz: 10, rateChannel: 9, outputRateHz: 0);
        var first = derivation.Process(new Sample(4, T0, 40, Quality.Good)).ToArray();
        Assert.Equal(Quality.WaitingForInitialData, Assert.Single(first).Quality);

        Sample last = default;
        for (var i = 1; i < 600; i++)
        {
            // 1.5 °C/min, quantized to 0.0625 °C like a DS18B20.
            var value = Math.Round((40 + (1.5 / 60 * i / 10)) / 0.0625) * 0.0625;
            last = Assert.Single(derivation.Process(new Sample(4, T0 + (i * 100 * Ms), value, Quality.Good)).ToArray());
        }

        Assert.Equal(9, last.Channel);
        Assert.Equal(Quality.Good, last.Quality);
        Assert.Equal(1.5, last.Value, 0.05);
    }

    [Fact]
    public void Derived_states_route_by_source_and_publish_into_the_target()
    {
        var derived = new DerivedStates(20, [new TemperatureTrendDerivation(4, TimeSpan.FromSeconds(10), 10, 9, 0), new VibrationDerivation(0, 10, 1, 2, 3, 0)]);
        var target = new RecordingSink();
        derived.Publish([new Sample(4, T0, 20, Quality.Good)]);
        Assert.Empty(target.Samples); // no target attached yet: nothing derived, nothing thrown

        derived.AttachTarget(target);
        derived.Publish([new Sample(4, T0 + Ms, 20, Quality.Good), new Sample(0, T0 + Ms, 2, Quality.Good), new Sample(5, T0 + Ms, 2, Quality.Good)]);
        Assert.Equal([9, 1, 2, 3], target.Samples.Select(s => s.Channel));
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        var orientation = new OrientationDerivation(Accel, Gyro, Outputs, 0.1, 50);
        var vibration = new VibrationDerivation(0, 100, 1, 2, 3, 10);
        var trend = new TemperatureTrendDerivation(2, TimeSpan.FromSeconds(10), 1000, 9, 0);
        void Step(int i)
        {
            for (var axis = 0; axis < 6; axis++)
            {
                var s = new Sample(axis, T0 + (i * Ms), axis == 2 ? 9.81 : 0.01 * i, Quality.Good);
                orientation.Process(s);
                vibration.Process(s);
                trend.Process(s);
            }
        }

        for (var i = 0; i < 100; i++)
        {
            Step(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 2100; i++)
        {
            Step(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
