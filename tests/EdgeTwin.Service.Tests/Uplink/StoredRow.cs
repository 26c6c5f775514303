using System.Globalization;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>One row of <c>edgetwin export</c> output.</summary>
internal readonly record struct StoredRow(long TimeNs, string Channel, string Value, long Sequence)
{
    /// <summary>Parses the CSV of <c>edgetwin export</c> (twin paths here contain no comma or quote).</summary>
    public static List<StoredRow> Parse(string csv)
    {
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time_utc,time_ns,channel,value,quality,sequence", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            Assert.Equal(6, f.Length);
            return new StoredRow(long.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], long.Parse(f[5], CultureInfo.InvariantCulture));
        }).ToList();
    }
}
