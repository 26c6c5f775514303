namespace EdgeTwin.Store.Benchmarks;

/// <summary>write_bytes of /proc/self/io: bytes this process caused to be sent to storage (page-cache dirtying), see proc(5).</summary>
internal static class ProcessIo
{
    public static long WriteBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(12).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/io has no write_bytes line");
    }
}
