namespace EdgeTwin.Service.Configuration;

/// <summary>Reads the <c>Store</c> section; the store defaults to <c>&lt;Gateway:StateDirectory&gt;/store.db</c>.</summary>
internal static class StoreSection
{
    public const string FileName = "store.db";

    public static StoreSettings Read(ConfigNode? node, string stateDirectory)
    {
        var defaultPath = Path.Combine(stateDirectory, FileName);
        if (node is null)
        {
            return new StoreSettings(stateDirectory, TimeSpan.FromMilliseconds(100), 1L << 30, TimeSpan.FromDays(30));
        }

        var path = node.String("Path") ?? defaultPath;
        // The store keeps events.db and the tail log beside store.db, so only the folder is free to choose.
        if (!string.Equals(Path.GetFileName(path), FileName, StringComparison.Ordinal))
        {
            node.Error("Path", $"must name a file called {FileName} (events.db is kept beside it), got '{path}'");
        }

        var flushMs = node.Double("FlushIntervalMs", 100, 1, 60_000);
        var maxBytes = node.Double("MaxBytes", 1L << 30, 64 * 1024, 1e15);
        var maxAgeDays = node.Double("MaxAgeDays", 30, 0.001, 36_500);
        node.RejectUnknownKeys();
        var directory = Path.GetDirectoryName(path);
        return new StoreSettings(string.IsNullOrEmpty(directory) ? "." : directory, TimeSpan.FromMilliseconds(flushMs), (long)maxBytes, TimeSpan.FromDays(maxAgeDays));
    }
}
