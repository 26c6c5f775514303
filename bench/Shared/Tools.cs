namespace EdgeTwin.Bench.Shared;

/// <summary>Finds the mosquitto tools scripts/setup/mosquitto.sh installs (Debian puts the broker in /usr/sbin, off a user's PATH).</summary>
internal static class Tools
{
    public static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator).Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' not found; run scripts/setup/mosquitto.sh.");
    }
}
