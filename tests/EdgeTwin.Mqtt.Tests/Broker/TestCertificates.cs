namespace EdgeTwin.Mqtt.Tests.Broker;

/// <summary>
/// A throw-away PKI made with openssl: a CA, a server certificate for 127.0.0.1/localhost, a client certificate,
/// and an unrelated second CA for the "wrong CA" test. EC P-256 keys keep generation fast.
/// </summary>
internal sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaCertificate => Path.Combine(Directory, "ca.crt");

    public string ServerCertificate => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public string ClientCertificate => Path.Combine(Directory, "client.crt");

    public string ClientKey => Path.Combine(Directory, "client.key");

    public string OtherCaCertificate => Path.Combine(Directory, "other-ca.crt");

    public static async Task<TestCertificates> CreateAsync(string directory)
    {
        var openssl = ExternalTools.OpenSsl;
        var certificates = new TestCertificates(directory);
        await MakeCaAsync(openssl, directory, "ca", "EdgeTwin Test CA");
        await MakeCaAsync(openssl, directory, "other-ca", "Unrelated Test CA");
        await File.WriteAllTextAsync(Path.Combine(directory, "server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "client.ext"), "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        await MakeLeafAsync(openssl, directory, "server", "localhost");
        await MakeLeafAsync(openssl, directory, "client", "edgetwin-test-client");
        return certificates;
    }

    private static Task MakeCaAsync(string openssl, string directory, string name, string commonName) =>
        ProcessRunner.RunAsync(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", $"{name}.key", "-out", $"{name}.crt", "-days", "2", "-subj", $"/CN={commonName}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], workingDirectory: directory);

    private static async Task MakeLeafAsync(string openssl, string directory, string name, string commonName)
    {
        await ProcessRunner.RunAsync(openssl, [
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", $"{name}.key", "-out", $"{name}.csr", "-subj", $"/CN={commonName}",
        ], workingDirectory: directory);
        await ProcessRunner.RunAsync(openssl, [
            "x509", "-req", "-in", $"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", $"{name}.crt", "-days", "2", "-extfile", $"{name}.ext",
        ], workingDirectory: directory);
    }
}
