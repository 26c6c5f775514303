using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeTwin.Service.Configuration;

/// <summary>
/// Reads <c>Uplink:Tls</c>. Every file is opened and parsed now, so a missing or wrong file is a configuration
/// error naming the key and the file, not a TLS failure on every reconnect hours later.
/// </summary>
internal static class UplinkTlsSection
{
    /// <summary>Certificate and key files are small; a larger file is not what the key says it is.</summary>
    private const long MaxPemBytes = 1024 * 1024;

    public static UplinkTlsSettings? Read(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var ca = node.String("CaFile");
        var certificate = node.String("ClientCertificate");
        var key = node.String("ClientKey");
        node.RejectUnknownKeys();

        if (ca is not null && ReadPem(node, "CaFile", ca) is not null)
        {
            var authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(ca);
                if (authorities.Count == 0)
                {
                    node.Error("CaFile", $"'{ca}' holds no PEM certificate");
                }
            }
            catch (CryptographicException ex)
            {
                node.Error("CaFile", $"'{ca}' is not a PEM certificate file: {ex.Message}");
            }
            finally
            {
                foreach (var authority in authorities)
                {
                    authority.Dispose();
                }
            }
        }

        if (key is not null && certificate is null)
        {
            node.Error("ClientKey", "needs a ClientCertificate");
        }

        if (certificate is not null && ReadPem(node, "ClientCertificate", certificate) is not null
            && (key is null || ReadPem(node, "ClientKey", key) is not null))
        {
            try
            {
                using var pair = X509Certificate2.CreateFromPemFile(certificate, key);
                if (!pair.HasPrivateKey)
                {
                    node.Error("ClientKey", $"'{key ?? certificate}' holds no private key for the client certificate");
                }
            }
            catch (CryptographicException ex)
            {
                var where = key is null ? $"'{certificate}' (certificate and key in one file)" : $"'{certificate}' with key '{key}'";
                node.Error(key is null ? "ClientCertificate" : "ClientKey", $"{where} is not a PEM certificate with its private key: {ex.Message}");
            }
        }

        return new UplinkTlsSettings(ca, certificate, key);
    }

    private static string? ReadPem(ConfigNode node, string key, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            node.Error(key, $"file '{path}' does not exist (full path {file.FullName})");
            return null;
        }

        if (file.Length > MaxPemBytes)
        {
            node.Error(key, $"file '{path}' is {file.Length} bytes; a PEM certificate or key is at most {MaxPemBytes}");
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            node.Error(key, $"file '{path}' cannot be read: {ex.Message}");
            return null;
        }
    }
}
