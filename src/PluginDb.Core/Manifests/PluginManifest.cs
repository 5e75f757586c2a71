namespace PluginDb.Core.Manifests;

/// <summary>
/// A plugin's manifest as far as its database is concerned. <see cref="RootDirectory"/> and
/// <see cref="ManifestPath"/> are absolute; paths inside <see cref="Database"/> are as written.
/// </summary>
public sealed record PluginManifest(
    string Id,
    string? Version,
    int SchemaVersion,
    DatabaseSection Database,
    string RootDirectory,
    string ManifestPath)
{
    /// <summary>The absolute migrations folder, when the manifest names one.</summary>
    public string? MigrationsPath => Database.Migrations is { } m ? Path.GetFullPath(Path.Combine(RootDirectory, m.Directory)) : null;

    /// <summary>The absolute migration entry point, when the manifest names one.</summary>
    public string? EntryPointPath => Database.Migrations?.EntryPoint is { } e ? Path.GetFullPath(Path.Combine(RootDirectory, e)) : null;
}

/// <summary><c>sovereign.database</c>. A plugin without the section is in shared mode.</summary>
public sealed record DatabaseSection(
    DatabaseMode Mode,
    DatabaseProvider? Provider,
    string? Schema,
    MigrationsSection? Migrations,
    DatabaseLimits Limits)
{
    public static DatabaseSection SharedDefault { get; } = new(DatabaseMode.Shared, null, null, null, DatabaseLimits.None);
}

/// <summary><c>sovereign.database.migrations</c>.</summary>
public sealed record MigrationsSection(string Directory, string? EntryPoint);

/// <summary><c>sovereign.database.limits</c>.</summary>
public sealed record DatabaseLimits(int? StorageMb, int? Connections)
{
    public static DatabaseLimits None { get; } = new(null, null);
}
