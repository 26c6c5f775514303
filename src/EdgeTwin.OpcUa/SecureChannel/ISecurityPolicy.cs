namespace EdgeTwin.OpcUa.SecureChannel;

/// <summary>
/// The cryptography of one security policy (OPC 10000-7 SecurityPolicy profiles; chunk layout OPC 10000-6
/// §6.7.2.5). The chunk writer asks it for the space signatures and padding take; None takes none. A
/// signing/encrypting policy implements the same members with its algorithms.
/// </summary>
public interface ISecurityPolicy
{
    string Uri { get; }

    /// <summary>Bytes of the symmetric signature appended to every MSG/CLO chunk.</summary>
    int SymmetricSignatureSize { get; }

    /// <summary>Encryption block size; 1 when the policy does not encrypt, so no padding is written.</summary>
    int SymmetricBlockSize { get; }

    /// <summary>Signs and encrypts a chunk in place; <paramref name="chunk"/> already has room for the signature.</summary>
    void SecureChunk(Span<byte> chunk, int bodyEnd);

    /// <summary>Decrypts and verifies a received chunk in place; returns the length of the plain chunk, or -1 when verification fails.</summary>
    int UnsecureChunk(Span<byte> chunk);
}
