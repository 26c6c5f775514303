using System.Globalization;
using System.Text;
using EdgeTwin.Drivers.Linux.Serial;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class ImuLineParserTests
{
    [Theory]
    [InlineData("0.01,-0.02,9.81,0.5,-0.25,1e-3", 0.01, -0.02, 9.81, 0.5, -0.25, 0.001)]
    [InlineData(" 1 , 2 ,3,4,5, 6 ", 1, 2, 3, 4, 5, 6)]
    [InlineData("1,2,3,4,5,6,25.5,1234", 1, 2, 3, 4, 5, 6)]
    public void Six_floats_are_read_in_axis_order(string line, double ax, double ay, double az, double gx, double gy, double gz)
    {
        var values = new double[6];
        Assert.Equal(ImuLineError.None, ImuLineParser.TryParse(Encoding.ASCII.GetBytes(line), values));
        Assert.Equal([ax, ay, az, gx, gy, gz], values);
    }

    [Theory]
    [InlineData("1,2,3,4,5", ImuLineError.TooFewFields)]
    [InlineData("", ImuLineError.NotANumber)]
    [InlineData("hello world", ImuLineError.NotANumber)]
    [InlineData("1,2,3,4,5,x", ImuLineError.NotANumber)]
    [InlineData("1,2,,4,5,6", ImuLineError.NotANumber)]
    [InlineData("1;2;3;4;5;6", ImuLineError.NotANumber)]
    [InlineData("1,2,3,4,5,NaN", ImuLineError.NotFinite)]
    [InlineData("1,2,3,4,5,1e400", ImuLineError.NotFinite)]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", ImuLineError.TooManyFields)]
    public void Bad_lines_give_a_reason(string line, ImuLineError error)
    {
        Assert.Equal(error, ImuLineParser.TryParse(Encoding.ASCII.GetBytes(line), new double[6]));
    }

    [Fact]
    public void A_line_that_fails_half_way_leaves_the_destination_untouched()
    {
        double[] values = [9, 9, 9, 9, 9, 9];
        Assert.Equal(ImuLineError.NotANumber, ImuLineParser.TryParse("1,2,3,oops,5,6"u8, values));
        Assert.Equal(ImuLineError.TooFewFields, ImuLineParser.TryParse("1,2,3"u8, values));
        Assert.Equal([9, 9, 9, 9, 9, 9], values);
    }

    [Fact]
    public void Any_bytes_give_a_result_never_an_exception()
    {
        var bytes = Gen.Choose(0, 80).SelectMany(n => Gen.Frequency(
            (3, Gen.Choose(0, 255).Select(i => (byte)i)),
            (3, Gen.Elements("0123456789.,-+eE "u8.ToArray()))).ArrayOf(n)).ToArbitrary();
        Prop.ForAll(bytes, line =>
        {
            var values = new double[6];
            var error = ImuLineParser.TryParse(line, values);
            return error != ImuLineError.None || values.All(double.IsFinite);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Printed_values_parse_back_exactly()
    {
        var sixDoubles = Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 997.0).ArrayOf(6).ToArbitrary();
        Prop.ForAll(sixDoubles, v =>
        {
            var line = string.Join(",", v.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
            var values = new double[6];
            return ImuLineParser.TryParse(Encoding.ASCII.GetBytes(line), values) == ImuLineError.None && values.SequenceEqual(v);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parsing_does_not_allocate()
    {
        var line = "0.01,-0.02,9.81,0.5,-0.25,0.001"u8.ToArray();
        var values = new double[6];
        var small = Allocations.Measure(() => Parse(line, values, 100));
        var large = Allocations.Measure(() => Parse(line, values, 10_000));
        Assert.True(large - small < 1_000, $"{small} B vs {large} B");

        static void Parse(byte[] line, double[] values, int n)
        {
            for (var i = 0; i < n; i++)
            {
                ImuLineParser.TryParse(line, values);
            }
        }
    }
}
