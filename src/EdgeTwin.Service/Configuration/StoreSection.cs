namespace EdgeTwin.Service.Configuration;

/// <summary>
/// Reads the <c>Store</c> section. The one location setting is <c>Store:Path</c>, the sample database file, which
/// must be called <c>store.db</c> (its tail log, <c>events.db</c> and the lock live beside it, so only the folder is
/// free to choose); it defaults to <c>&lt;Gateway:StateDirectory&gt;/store.db</c>. <c>Store:Directory</c> is not a
/// setting and is rejected by name, so a config written from an older note fails loudly instead of being ignored.
/// </summary>
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

        if (node.Has("Directory"))
        {
            node.Accept("Directory");
            node.Error("Directory", $"is not a setting; use Store:Path, the database file, e.g. '{Path.Combine(node.String("Directory") ?? stateDirectory, FileName)}'");
        }

        var path = node.String("Path") ?? defaultPath;
        if (Directory.Exists(path))
        {
            node.Error("Path", $"'{path}' is a folder; Store:Path names the database file inside it: '{Path.Combine(path, FileName)}'");
        }
        else if (!string.Equals(Path.GetFileName(path), FileName, StringComparison.Ordinal))
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
