using System.Globalization;

namespace EdgeTwin.Sync.Uplink.Sparkplug;

/// <summary>
/// The birth/death sequence number (Sparkplug B 3.0 §6.4.19, 0–255), kept in a small text file so it keeps counting
/// across restarts: each session's NBIRTH carries the same bdSeq as the NDEATH will registered in its CONNECT.
/// </summary>
internal static class BdSeqFile
{
    /// <summary>The last bdSeq used, or 255 (so the first session uses 0) when the file is absent or unreadable.</summary>
    public static byte Load(string path)
    {
        try
        {
            // At most a few bytes are read: a damaged or foreign file of any size is just "unreadable".
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> buffer = stackalloc byte[8];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.ASCII.GetString(buffer[..length]).Trim();
            return length < buffer.Length && text.Length <= 3 && byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (byte)255;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 255;
        }
    }

    /// <summary>Writes atomically (temp file, then rename) so a power cut leaves the old or the new value.</summary>
    public static void Save(string path, byte value)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
