using System.Security.Cryptography;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>Passwords of plugin roles: generated here, sent to the server only as SCRAM verifiers.</summary>
public static class PostgresPasswords
{
    /// <summary>Random bytes per password: 256 bits, 43 URL-safe characters.</summary>
    public const int EntropyBytes = 32;

    private const int ScramIterations = 4096;

    /// <summary>A new password from the operating system's CSPRNG, base64url without padding (needs no URL encoding).</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(EntropyBytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The SCRAM-SHA-256 verifier PostgreSQL stores for <paramref name="password"/>. Sending the
    /// verifier in <c>ALTER ROLE … PASSWORD</c> keeps the plain password out of the server's
    /// statement log and <c>pg_stat_statements</c>; the server accepts a pre-hashed verifier as is.
    /// Format and derivation as in <see href="https://www.postgresql.org/docs/current/catalog-pg-authid.html">pg_authid</see>
    /// and RFC 5802/7677. The password is ASCII, so SASLprep leaves it unchanged.
    /// </summary>
    public static string ScramVerifier(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, ScramIterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${ScramIterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
