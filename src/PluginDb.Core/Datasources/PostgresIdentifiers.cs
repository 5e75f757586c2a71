using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PluginDb.Core.Datasources;

/// <summary>
/// PostgreSQL names as the platform allows them. A name from a manifest reaches SQL only after
/// <see cref="Require"/> accepted it and <see cref="Quote"/> wrapped it: validation keeps names
/// plain (so a person can type them unquoted), quoting keeps SQL safe even if validation is wrong.
/// </summary>
public static partial class PostgresIdentifiers
{
    /// <summary>NAMEDATALEN - 1: longer names are silently truncated by the server.</summary>
    public const int MaxBytes = 63;

    /// <summary>Prefix of every plugin role, so a role name can never start with <c>pg_</c>.</summary>
    public const string RolePrefix = "plugin_";

    private const int HashHexLength = 12;

    /// <summary>Why <paramref name="name"/> is not a plain identifier the platform accepts, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the name is empty";
        }
        if (!Plain().IsMatch(name))
        {
            return $"'{name}' is not a plain lower-case identifier (letters a-z, digits, '_' and '$', not starting with a digit or '$')";
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"'{name}' is longer than {MaxBytes} bytes";
        }
        if (name is "public" or "information_schema" || name.StartsWith("pg_", StringComparison.Ordinal))
        {
            return $"'{name}' is reserved by PostgreSQL";
        }
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary><paramref name="name"/> when it is valid; else an <see cref="ArgumentException"/> saying why.</summary>
    public static string Require(string? name, string what)
    {
        var problem = Problem(name);
        return problem is null ? name! : throw new ArgumentException($"The {what} is not allowed: {problem}.", what);
    }

    /// <summary>A quoted identifier: double quotes around it, embedded double quotes doubled.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier can be neither empty nor contain NUL.", nameof(name));
        }
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// A string literal. With <c>standard_conforming_strings</c> off a backslash would escape, so
    /// text with backslashes gets the <c>E''</c> form, which reads the same under either setting.
    /// </summary>
    public static string QuoteLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A literal cannot contain NUL.", nameof(value));
        }
        var quoted = "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        return value.Contains('\\', StringComparison.Ordinal)
            ? "E" + quoted.Replace("\\", "\\\\", StringComparison.Ordinal)
            : quoted;
    }

    /// <summary>
    /// The role of a plugin: <c>plugin_&lt;id&gt;</c> when the id is already a short plain name,
    /// else <c>plugin_&lt;sanitized id&gt;_&lt;12 hex of sha256(id)&gt;</c>. Deterministic and
    /// collision-safe: names of the first form never end in <c>_</c> + 12 hex digits (an id that
    /// does is hashed too), so the two forms cannot meet, and within each form distinct ids give
    /// distinct names (up to a 48-bit hash collision).
    /// </summary>
    public static string RoleNameFor(string pluginId)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginId);
        var sanitized = Sanitize(pluginId);
        var plain = RolePrefix + pluginId;
        if (sanitized == pluginId && IsValid(plain) && !HashSuffix().IsMatch(plain))
        {
            return plain;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pluginId)))[..HashHexLength];
        var room = MaxBytes - RolePrefix.Length - 1 - HashHexLength;
        var stem = sanitized.Length > room ? sanitized[..room] : sanitized;
        return $"{RolePrefix}{stem}_{hash}";
    }

    private static string Sanitize(string id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (var c in id.ToLowerInvariant())
        {
            builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
        }
        return builder.ToString();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex("_[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex HashSuffix();
}
