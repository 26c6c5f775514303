using System.Globalization;
using System.Text;
using EdgeTwin.Drivers.Time;

namespace EdgeTwin.Sync.Store;

/// <summary>
/// Writes stored samples as RFC 4180 CSV, one row per sample, all channels merged in time order:
/// <c>time_utc,time_ns,channel,value,quality,sequence</c>. <c>time_utc</c> is ISO 8601 with nanoseconds;
/// values use the shortest round-trip form, so a re-import gives the same doubles bit for bit (NaN and
/// ±Infinity spelled as .NET does); <c>quality</c> is the OPC UA status code in hex.
/// </summary>
public static class CsvExport
{
    public const string Header = "time_utc,time_ns,channel,value,quality,sequence";

    public static long Write(IStoredSamples store, Stream destination, IReadOnlyList<int> channels, long fromNs, long toNs)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        return Write(store, writer, channels, fromNs, toNs);
    }

    /// <summary>Returns the number of sample rows written.</summary>
    public static long Write(IStoredSamples store, TextWriter writer, IReadOnlyList<int> channels, long fromNs, long toNs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(channels);

        writer.Write(Header);
        writer.Write("\r\n");
        var names = channels.Select(c => Escape(store.ChannelPaths[c])).ToArray();
        var sources = new IEnumerator<StoredSample>[channels.Count];
        var queue = new PriorityQueue<int, (long Time, int Index)>();
        Span<char> buffer = stackalloc char[64];
        long rows = 0;
        try
        {
            for (var i = 0; i < channels.Count; i++)
            {
                sources[i] = store.ReadRange(channels[i], fromNs, toNs).GetEnumerator();
                if (sources[i].MoveNext())
                {
                    queue.Enqueue(i, (sources[i].Current.TimestampNs, i));
                }
            }

            while (queue.TryDequeue(out var index, out _))
            {
                WriteRow(writer, names[index], sources[index].Current, buffer);
                rows++;
                if (sources[index].MoveNext())
                {
                    queue.Enqueue(index, (sources[index].Current.TimestampNs, index));
                }
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                source?.Dispose();
            }
        }

        writer.Flush();
        return rows;
    }

    private static void WriteRow(TextWriter writer, string channel, in StoredSample sample, Span<char> buffer)
    {
        var seconds = Math.DivRem(sample.TimestampNs, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }

        var utc = UtcNanoseconds.ToDateTime(seconds * 1_000_000_000L);
        utc.TryFormat(buffer, out var n, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write('.');
        nanos.TryFormat(buffer, out n, "D9", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write("Z,");
        sample.TimestampNs.TryFormat(buffer, out n, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write(',');
        writer.Write(channel);
        writer.Write(',');
        sample.Value.TryFormat(buffer, out n, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write(",0x");
        sample.Quality.Code.TryFormat(buffer, out n, "X8", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write(',');
        sample.Sequence.TryFormat(buffer, out n, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
        writer.Write("\r\n");
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
