using System.Text;
using EdgeTwin.Drivers.Linux.Serial;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed class LineFramerTests
{
    private const int MaxLine = 16;

    // Bytes biased towards terminators so generated streams hold many lines, some empty, some over-long.
    private static readonly Gen<byte> StreamByte = Gen.Frequency(
        (6, Gen.Choose(0, 255).Select(i => (byte)i)),
        (1, Gen.Constant((byte)'\n')),
        (1, Gen.Constant((byte)'\r')));

    private static readonly Arbitrary<(byte[] Data, int[] Cuts)> Streams =
        Gen.Choose(0, 200).SelectMany(n => StreamByte.ArrayOf(n))
            .SelectMany(data => Gen.Choose(0, Math.Max(0, data.Length)).ArrayOf().Select(cuts => (data, cuts)))
            .ToArbitrary();

    [Fact]
    public void Any_split_of_a_stream_yields_the_same_lines_and_overlong_count_as_the_model()
    {
        Prop.ForAll(Streams, s =>
        {
            var (expected, expectedOverlong) = Model(s.Data);
            var (lines, overlong) = Feed(s.Data, s.Cuts);
            return lines.SequenceEqual(expected) && overlong == expectedOverlong;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Lines_end_at_lf_crlf_or_cr_and_empty_lines_are_skipped()
    {
        var (lines, overlong) = Feed("a\nbb\r\nccc\r\r\n\ndd"u8.ToArray(), []);
        Assert.Equal(["a", "bb", "ccc"], lines);
        Assert.Equal(0, overlong);

        var framer = new LineFramer(MaxLine);
        ReadOnlySpan<byte> input = "dd"u8;
        Assert.False(framer.TryReadLine(ref input, out _));
        Assert.Equal(2, framer.PendingBytes);
        input = "\n"u8;
        Assert.True(framer.TryReadLine(ref input, out var line));
        Assert.Equal("dd", Encoding.ASCII.GetString(line));
    }

    [Fact]
    public void An_overlong_line_is_dropped_up_to_its_terminator_and_counted_once()
    {
        var longLine = new string('x', MaxLine + 1);
        var exact = new string('y', MaxLine);
        var data = Encoding.ASCII.GetBytes($"ok\n{longLine}{longLine}\n{exact}\nafter\n");
        var (lines, overlong) = Feed(data, [3, 10, 20, 30]);
        Assert.Equal(["ok", exact, "after"], lines);
        Assert.Equal(1, overlong);
    }

    [Fact]
    public void Framing_a_line_does_not_allocate()
    {
        var framer = new LineFramer(64);
        var data = "1.0,2.0,3.0,4.0,5.0,6.0\r\n"u8.ToArray();

        // Tiered compilation and on-stack replacement allocate on the calling thread while they settle, so the
        // claim is checked as "the allocated bytes do not grow with the number of lines".
        Allocations.Measure(() => Split(framer, data, 10));
        var small = Allocations.Measure(() => Split(framer, data, 1_000));
        var large = Allocations.Measure(() => Split(framer, data, 100_000));
        Assert.True(large - small < 1_000, $"1000 lines allocated {small} B, 100000 lines {large} B");
    }

    private static void Split(LineFramer framer, byte[] data, int lines)
    {
        var half = data.Length / 2;
        var found = 0;
        for (var i = 0; i < lines; i++)
        {
            ReadOnlySpan<byte> first = data.AsSpan(0, half);
            ReadOnlySpan<byte> second = data.AsSpan(half);
            while (framer.TryReadLine(ref first, out _))
            {
                found++;
            }

            while (framer.TryReadLine(ref second, out _))
            {
                found++;
            }
        }

        Assert.Equal(lines, found);
    }

    private static (List<string> Lines, long Overlong) Feed(byte[] data, int[] cuts)
    {
        var framer = new LineFramer(MaxLine);
        var lines = new List<string>();
        var points = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Append(data.Length).ToArray();
        var start = 0;
        foreach (var end in points)
        {
            ReadOnlySpan<byte> chunk = data.AsSpan(start, end - start);
            while (framer.TryReadLine(ref chunk, out var line))
            {
                Assert.InRange(line.Length, 1, MaxLine);
                lines.Add(Encoding.Latin1.GetString(line));
            }

            Assert.True(chunk.IsEmpty);
            start = end;
        }

        return (lines, framer.OverlongLines);
    }

    /// <summary>The specification: split at CR or LF, drop empty pieces, drop and count pieces over the limit.</summary>
    private static (List<string> Lines, long Overlong) Model(byte[] data)
    {
        var lines = new List<string>();
        long overlong = 0;
        var start = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] is (byte)'\n' or (byte)'\r')
            {
                var piece = data.AsSpan(start, i - start);
                if (piece.Length > MaxLine)
                {
                    overlong++;
                }
                else if (!piece.IsEmpty)
                {
                    lines.Add(Encoding.Latin1.GetString(piece));
                }

                start = i + 1;
            }
        }

        if (data.Length - start > MaxLine)
        {
            overlong++;
        }

        return (lines, overlong);
    }
}
