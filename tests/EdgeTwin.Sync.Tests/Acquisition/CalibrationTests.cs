using EdgeTwin.Sync.Acquisition;

namespace EdgeTwin.Sync.Tests.Acquisition;

public sealed class CalibrationTests
{
    [Fact]
    public void Applies_scale_times_raw_minus_bias_on_the_selected_channels_only()
    {
        // Two calibrated axes with cross-coupling; channel 1 is left alone.
        var calibration = new Calibration([0, 2], [1, -2], new double[,] { { 2, 0.5 }, { 0, 3 } });
        double[] values = [5, 7, 4];
        calibration.Apply(values);
        Assert.Equal(2 * (5 - 1) + 0.5 * (4 + 2), values[0]);
        Assert.Equal(7, values[1]);
        Assert.Equal(3 * (4 + 2), values[2]);
    }

    [Fact]
    public void Mismatched_dimensions_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Calibration([0, 1], [0], new double[,] { { 1, 0 }, { 0, 1 } }));
        Assert.Throws<ArgumentException>(() => new Calibration([0, 1], [0, 0], new double[,] { { 1 } }));
    }

    [Fact]
    public void Unit_conversions_are_exact_by_definition()
    {
        Assert.True(UnitConversion.TryGet("degC", "K", out var k));
        Assert.Equal(273.15, k.Apply(0));
        Assert.True(UnitConversion.TryGet("m/s2", "g", out var g));
        Assert.Equal(1, g.Apply(9.80665), 12);
        Assert.False(UnitConversion.TryGet("degC", "m/s2", out _));
    }
}
