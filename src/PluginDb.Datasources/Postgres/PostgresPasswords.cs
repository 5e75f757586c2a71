using System.Security.Cryptography;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>Passwords of plugin roles and project owners: generated here, sent to the server only as SCRAM verifiers.</summary>
public static class PostgresPasswords
{
    /// <summary>Random bytes per password: 256 bits, 43 URL-safe characters.</summary>
    public const int EntropyBytes = 32;

    /// <summary>
    /// PBKDF2 iterations of the stored verifier. Iterations slow down guessing of human-chosen
    /// passwords from a stolen verifier; these passwords carry 256 random bits, which no number of
    /// guesses reaches, so PostgreSQL's default of 4096 would buy nothing. It would cost every
    /// login that many HMAC rounds on the client, though: measured on the 50-plugin probe (300
    /// logins) it took the probe from ~2.7 s to ~4.5 s and provisioning from ~0.3 s to ~1.4 s.
    /// </summary>
    public const int ScramIterations = 256;

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
