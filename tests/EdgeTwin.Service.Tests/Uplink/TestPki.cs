using System.Diagnostics;

namespace EdgeTwin.Service.Tests.Uplink;

/// <summary>A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl (EC P-256).</summary>
internal sealed class TestPki
{
    private TestPki(string directory) => Directory = directory;

    public string Directory { get; }

    public string Ca => Path.Combine(Directory, "ca.crt");

    public string ServerCertificate => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public string ClientCertificate => Path.Combine(Directory, "client.crt");

    public string ClientKey => Path.Combine(Directory, "client.key");

    /// <summary>mosquitto.conf lines for a TLS listener that requires a client certificate from this CA.</summary>
    public string MosquittoListener => $"cafile {Ca}\ncertfile {ServerCertificate}\nkeyfile {ServerKey}\nrequire_certificate true\n";

    public static TestPki Create(string directory)
    {
        var pki = new TestPki(directory);
        OpenSsl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "2", "-subj", "/CN=EdgeTwin uplink test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        File.WriteAllText(Path.Combine(directory, "server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        File.WriteAllText(Path.Combine(directory, "client.ext"), "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        foreach (var (name, cn) in new[] { ("server", "localhost"), ("client", "edgetwin-gateway") })
        {
            OpenSsl(directory, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", $"{name}.key", "-out", $"{name}.csr", "-subj", $"/CN={cn}");
            OpenSsl(directory, "x509", "-req", "-in", $"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", $"{name}.crt", "-days", "2", "-extfile", $"{name}.ext");
        }

        return pki;
    }

    private static void OpenSsl(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("openssl was not found on PATH. Run scripts/setup/mosquitto.sh.", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "openssl did not finish within 30 s");
            Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', args)} failed: {stderr.Result}");
        }
    }
}
