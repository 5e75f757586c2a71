namespace PluginDb.Datasources.Postgres;

/// <summary>A server's version: <c>server_version_num</c> / 10000 and <c>server_version</c>.</summary>
internal sealed record ServerVersion(int Major, string Text);
