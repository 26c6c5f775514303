namespace EdgeTwin.Mqtt.Tests.Broker;

/// <summary>Finds the mosquitto and openssl executables; a missing one fails the test with the setup script to run.</summary>
internal static class ExternalTools
{
    private static readonly string[] SearchDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/sbin", "/opt/homebrew/bin"];

    public static string Mosquitto => Find("mosquitto");

    public static string MosquittoPub => Find("mosquitto_pub");

    public static string MosquittoSub => Find("mosquitto_sub");

    public static string MosquittoPasswd => Find("mosquitto_passwd");

    public static string OpenSsl => Find("openssl");

    public static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(SearchDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH or in /usr/sbin. Run scripts/setup/mosquitto.sh (it installs mosquitto, mosquitto-clients and openssl).");
    }
}
