using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EdgeTwin.Mqtt.Adapter;

/// <summary>Validates the server chain against a pinned CA set instead of the system store; the host name check stays.</summary>
internal sealed class ServerCertificateValidation
{
    private readonly X509Certificate2Collection _authorities;

    public ServerCertificateValidation(X509Certificate2Collection authorities) => _authorities = authorities;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var server = new X509Certificate2(certificate);
        return custom.Build(server);
    }
}
