using System.Text.RegularExpressions;

namespace PluginDb.Core.Datasources;

/// <summary>Helpers for datasource URLs as Prisma writes them.</summary>
public static partial class DatasourceUrls
{
    public const string Mask = "****";

    /// <summary>The URL with any password replaced by <see cref="Mask"/>.</summary>
    public static string MaskPassword(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return UserInfoPassword().Replace(url, m => $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:{Mask}@");
    }

    /// <summary>A <c>file:</c> URL for a SQLite database path, as Prisma accepts it.</summary>
    public static string SqliteFileUrl(string path) => "file:" + Path.GetFullPath(path).Replace('\\', '/');

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*://)(?<user>[^:@/]*):[^@/]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfoPassword();
}
