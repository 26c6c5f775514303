using System.Security.Authentication;

namespace EdgeTwin.Mqtt;

/// <summary>TLS for the connection. Without <see cref="CaFile"/> the system trust store validates the server.</summary>
public sealed record MqttTlsOptions
{
    /// <summary>PEM file of the certificate authorities that may sign the server certificate (replaces the system store).</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate for brokers that require one (e.g. mosquitto <c>require_certificate true</c>).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>; may be the same file.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Name checked against the server certificate; defaults to the host name.</summary>
    public string? TargetHost { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.None;
}
