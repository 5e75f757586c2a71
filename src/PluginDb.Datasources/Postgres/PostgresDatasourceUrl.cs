using System.Globalization;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// The <c>PLUGIN_DATABASE_URL</c> of an exclusive-postgres plugin, as Prisma reads it:
/// <c>postgresql://&lt;role&gt;:&lt;password&gt;@host:port/&lt;db&gt;?schema=&lt;schema&gt;</c>.
/// </summary>
public sealed record PostgresDatasourceUrl(PostgresEndpoint Endpoint, string Role, string Password, string Schema)
{
    public override string ToString()
    {
        var host = Endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{Endpoint.Host}]" : Endpoint.Host;
        return string.Create(CultureInfo.InvariantCulture,
            $"postgresql://{Uri.EscapeDataString(Role)}:{Uri.EscapeDataString(Password)}@{host}:{Endpoint.Port}/{Uri.EscapeDataString(Endpoint.Database)}?schema={Uri.EscapeDataString(Schema)}");
    }

    /// <summary>Reads a URL written by <see cref="ToString"/> (or by a person, in the same shape).</summary>
    public static PostgresDatasourceUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new FormatException("Not a postgresql:// URL.");
        }
        var userInfo = uri.UserInfo.Split(':', 2);
        var port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port;
        var schema = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == "schema")
            .Select(p => Uri.UnescapeDataString(p[1]))
            .FirstOrDefault() ?? "public";
        return new PostgresDatasourceUrl(
            new PostgresEndpoint(uri.IdnHost.Trim('[', ']'), port, Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'))),
            Uri.UnescapeDataString(userInfo[0]),
            userInfo.Length == 2 ? Uri.UnescapeDataString(userInfo[1]) : "",
            schema);
    }

    public string ConnectionString => Endpoint.ConnectionStringFor(Role, Password);

    // Keep the password out of anything that prints this record.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Endpoint = {Endpoint}, Role = {Role}, Password = {Core.Datasources.DatasourceUrls.Mask}, Schema = {Schema}");
        return true;
    }
}
