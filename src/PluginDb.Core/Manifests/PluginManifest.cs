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

/// <summary>
/// <c>sovereign.database</c>. A plugin without the section is in shared mode. <see cref="Extensions"/> are
/// the PostgreSQL extensions an exclusive-postgres plugin asks the platform to install for it.
/// </summary>
public sealed record DatabaseSection(
    DatabaseMode Mode,
    DatabaseProvider? Provider,
    string? Schema,
    MigrationsSection? Migrations,
    DatabaseLimits Limits)
{
    public static DatabaseSection SharedDefault { get; } = new(DatabaseMode.Shared, null, null, null, DatabaseLimits.None);

    public IReadOnlyList<string> Extensions { get; init; } = [];

    public bool Equals(DatabaseSection? other) =>
        other is not null && Mode == other.Mode && Provider == other.Provider && Schema == other.Schema &&
        Equals(Migrations, other.Migrations) && Equals(Limits, other.Limits) && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Mode, Provider, Schema, Migrations, Limits, Extensions.Count);
}

/// <summary><c>sovereign.database.migrations</c>.</summary>
public sealed record MigrationsSection(string Directory, string? EntryPoint);

/// <summary><c>sovereign.database.limits</c>.</summary>
public sealed record DatabaseLimits(int? StorageMb, int? Connections)
{
    public static DatabaseLimits None { get; } = new(null, null);
}
