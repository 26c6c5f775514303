using System.Security.Cryptography;

namespace EdgeTwin.OpcUa.Server;

/// <summary>
/// A user who may activate a session with a user name and password. Only a salted PBKDF2-SHA256 hash is
/// kept; <see cref="Verify"/> compares in constant time.
/// </summary>
public sealed class UserAccount
{
    private const int SaltSize = 16;
    private const int HashSize = 32;

    public UserAccount(string userName, byte[] salt, byte[] hash, int iterations, IReadOnlyCollection<string>? roles = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(hash);
        UserName = userName;
        Salt = salt;
        Hash = hash;
        Iterations = iterations;
        Roles = roles ?? [];
    }

    public string UserName { get; }
    public IReadOnlyCollection<string> Roles { get; }
    public int Iterations { get; }

    internal byte[] Salt { get; }
    internal byte[] Hash { get; }

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static UserAccount Create(string userName, string password, int iterations = 20_000, IReadOnlyCollection<string>? roles = null)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return new UserAccount(userName, salt, hash, iterations, roles);
    }

    /// <summary>Parses "pbkdf2-sha256$iterations$saltBase64$hashBase64", the form a configuration file stores.</summary>
    public static UserAccount FromHashString(string userName, string encoded, IReadOnlyCollection<string>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1000)
        {
            throw new FormatException("user " + userName + ": expected pbkdf2-sha256$iterations$salt$hash");
        }

        return new UserAccount(userName, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), iterations, roles);
    }

    public string ToHashString() => "pbkdf2-sha256$" + Iterations + "$" + Convert.ToBase64String(Salt) + "$" + Convert.ToBase64String(Hash);

    public bool Verify(ReadOnlySpan<byte> passwordUtf8)
    {
        Span<byte> candidate = stackalloc byte[HashSize];
        Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, Salt, candidate, Iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(candidate, Hash);
    }
}
