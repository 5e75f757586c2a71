using System.Text;

namespace PluginDb.Build.Engine;

/// <summary>How member names become command-line and environment names.</summary>
internal static class Naming
{
    public const string EnvironmentPrefix = "PLUGINDB_";

    /// <summary><c>PostgresUrl</c> → <c>postgres-url</c>, <c>_dataRoot</c> → <c>data-root</c>, <c>HTTPPort</c> → <c>http-port</c>.</summary>
    public static string Kebab(string name)
    {
        var trimmed = name.TrimStart('_');
        var builder = new StringBuilder(trimmed.Length + 4);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '_')
            {
                builder.Append('-');
                continue;
            }

            if (char.IsUpper(c) && i > 0 && trimmed[i - 1] != '_')
            {
                var previousIsLowerOrDigit = char.IsLower(trimmed[i - 1]) || char.IsDigit(trimmed[i - 1]);
                var endsAcronym = char.IsUpper(trimmed[i - 1]) && i + 1 < trimmed.Length && char.IsLower(trimmed[i + 1]);
                if (previousIsLowerOrDigit || endsAcronym)
                {
                    builder.Append('-');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary><c>postgres-url</c> → <c>PLUGINDB_POSTGRES_URL</c>.</summary>
    public static string EnvironmentVariable(string kebabName) =>
        EnvironmentPrefix + kebabName.Replace('-', '_').ToUpperInvariant();
}
