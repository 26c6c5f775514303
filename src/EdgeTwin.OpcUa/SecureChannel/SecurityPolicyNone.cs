namespace EdgeTwin.OpcUa.SecureChannel;

/// <summary>http://opcfoundation.org/UA/SecurityPolicy#None: no signature, no encryption.</summary>
public sealed class SecurityPolicyNone : ISecurityPolicy
{
    public const string PolicyUri = "http://opcfoundation.org/UA/SecurityPolicy#None";

    public static readonly SecurityPolicyNone Instance = new();

    private SecurityPolicyNone()
    {
    }

    public string Uri => PolicyUri;

    public int SymmetricSignatureSize => 0;

    public int SymmetricBlockSize => 1;

    public void SecureChunk(Span<byte> chunk, int bodyEnd)
    {
    }

    public int UnsecureChunk(Span<byte> chunk) => chunk.Length;
}
